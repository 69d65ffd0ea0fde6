//! One module per table. Times are Unix seconds (`i64`) so that comparisons behave the same on
//! SQLite and PostgreSQL.

pub mod account;
pub mod audit_event;
mod kinds;
pub mod login_attempt;
pub mod mail_outbox;
pub mod oauth_client;
pub mod oauth_code;
pub mod oauth_grant;
pub mod oauth_key;
pub mod oauth_token;
pub mod passkey;
pub mod passkey_ceremony;
pub mod pending_login;
pub mod rate_limit;
pub mod recovery_code;
pub mod reset_token;
pub mod session;
pub mod totp_factor;
pub mod webhook_delivery;

pub use kinds::{AuditKind, Awaiting, LinkPurpose, MailKind, Role, WebhookEvent};
