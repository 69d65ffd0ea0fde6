//! Schema migrations, applied at `latchkey serve` start and by `latchkey migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_accounts_and_sessions;
mod m20261126_000002_reset_tokens_and_mail_outbox;
mod m20261126_000003_rate_limits_and_audit;
mod m20261127_000004_login_attempts;
mod m20261127_000005_last_login_and_actor;
mod m20261127_000006_mail_language;
mod m20261127_000007_mail_outbox_pending_index;
mod m20261202_000008_second_factor;
mod m20261203_000009_session_devices;
mod m20261203_000010_signup;
mod m20261204_000011_webhooks;
mod m20261204_000012_signup_indexes;
mod m20261207_000013_passkeys;
mod m20261208_000014_openid_connect;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts_and_sessions::Migration),
            Box::new(m20261126_000002_reset_tokens_and_mail_outbox::Migration),
            Box::new(m20261126_000003_rate_limits_and_audit::Migration),
            Box::new(m20261127_000004_login_attempts::Migration),
            Box::new(m20261127_000005_last_login_and_actor::Migration),
            Box::new(m20261127_000006_mail_language::Migration),
            Box::new(m20261127_000007_mail_outbox_pending_index::Migration),
            Box::new(m20261202_000008_second_factor::Migration),
            Box::new(m20261203_000009_session_devices::Migration),
            Box::new(m20261203_000010_signup::Migration),
            Box::new(m20261204_000011_webhooks::Migration),
            Box::new(m20261204_000012_signup_indexes::Migration),
            Box::new(m20261207_000013_passkeys::Migration),
            Box::new(m20261208_000014_openid_connect::Migration),
        ]
    }
}
