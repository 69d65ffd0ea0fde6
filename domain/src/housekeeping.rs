//! Periodic clean-up of rows nothing can use any more. Every statement is an idempotent
//! delete, so several servers may run it at once.

use entity::mail_outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{Error, Latchkey, audit, recovery, second_factor, sessions, throttle, webhooks};

/// Sent mail and delivered webhooks are kept a week (for `latchkey mail list` and `latchkey
/// webhook list`), mail without its secret.
const SENT_KEPT_SECONDS: i64 = 7 * 86_400;

impl Latchkey {
    /// Removes expired sessions, old links, sign-ups never confirmed, sent mail and delivered
    /// webhooks, stale limit counters and audit rows older than `LATCHKEY_AUDIT_RETENTION_DAYS`.
    pub async fn purge_expired(&self, now: i64) -> Result<(), Error> {
        let db = &self.db;
        let sessions = sessions::purge_expired(db, self.session_timeouts(), now).await?
            + second_factor::purge_pending_logins(db, now).await?
            + second_factor::passkeys::purge_expired(db, now).await?
            + crate::oidc::purge_expired(db, now).await?;
        let links = recovery::purge_old_links(db, now).await? + self.purge_unconfirmed(now).await?;
        let mail = mail_outbox::Entity::delete_many()
            .filter(mail_outbox::Column::SentAt.lt(now - SENT_KEPT_SECONDS))
            .exec(db)
            .await?
            .rows_affected
            + webhooks::purge_delivered(db, now - SENT_KEPT_SECONDS).await?;
        let limits = throttle::purge_stale(db, now).await?;
        let retention = i64::from(self.config.limits.audit_retention_days) * 86_400;
        let audit = audit::purge_before(db, now - retention).await?;
        if sessions + links + mail + limits + audit > 0 {
            tracing::debug!(sessions, links, mail, limits, audit, "housekeeping removed expired rows");
        }
        Ok(())
    }
}
