//! Webhooks (CONTRACT.md §15): events about accounts posted to `LATCHKEY_WEBHOOK_URL`, signed
//! as the Standard Webhooks specification says.
//!
//! Durable like mail: an event is a row of `webhook_deliveries`, written in the transaction of
//! the change it reports ([`Latchkey::announce`]), so a change never commits without its event
//! nor an event without its change. The worker ([`delivery`]) posts it later, with the same
//! `webhook-id` on every attempt, until the receiver answers 2xx or three days have passed.
//! Without a URL nothing is queued.

pub mod delivery;
pub mod transport;

use entity::webhook_delivery::{self, Column};
use latchkey_i18n::time::Utc;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

pub use entity::WebhookEvent;
pub use transport::Transport;

use crate::{
    Error, Latchkey,
    accounts::Account,
    secret::Secret,
    token::{random_bytes, random_hex},
};

/// How long a delivery is retried before it has failed for good.
pub const GIVE_UP_AFTER_SECONDS: i64 = 3 * 86_400;

/// A fresh value for `LATCHKEY_WEBHOOK_SECRET`: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> Result<Secret<String>, Error> {
    use base64::{Engine, engine::general_purpose::STANDARD};
    Ok(Secret::new(format!("whsec_{}", STANDARD.encode(random_bytes::<32>()?))))
}

/// The body the receiver gets: `{"type", "timestamp", "data"}`, `data` naming the account.
/// Never a password, token or link.
fn payload(event: WebhookEvent, account: &Account, now: i64) -> String {
    serde_json::json!({
        "type": event.to_value(),
        "timestamp": Utc::from_unix(now).rfc3339(),
        "data": {
            "account": account.id,
            "email": account.email,
            "role": account.role.as_str(),
        },
    })
    .to_string()
}

impl Latchkey {
    /// Queues `event` about `account` for the webhook receiver, in the caller's transaction (so
    /// it commits, or not, with the change). Does nothing without `LATCHKEY_WEBHOOK_URL`.
    pub(crate) async fn announce(
        &self,
        db: &impl ConnectionTrait,
        event: WebhookEvent,
        account: &Account,
        now: i64,
    ) -> Result<(), Error> {
        if self.config.webhook.is_none() {
            return Ok(());
        }
        webhook_delivery::ActiveModel {
            message_id: Set(format!("msg_{}", random_hex::<16>()?)),
            event: Set(event),
            account_id: Set(account.id),
            payload: Set(payload(event, account, now)),
            created_at: Set(now),
            give_up_at: Set(now + GIVE_UP_AFTER_SECONDS),
            attempts: Set(0),
            next_attempt_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }

    /// The newest `limit` deliveries, or only those that failed for good.
    pub async fn list_webhooks(&self, failed_only: bool, limit: u64) -> Result<Vec<webhook_delivery::Model>, Error> {
        let mut query = webhook_delivery::Entity::find().order_by_desc(Column::Id).limit(limit);
        if failed_only {
            query = query.filter(Column::FailedAt.is_not_null());
        }
        Ok(query.all(&self.db).await?)
    }

    /// Queues a delivery that failed for good again, with the same `webhook-id` and body, to be
    /// tried for another three days.
    pub async fn retry_webhook(&self, id: i64, now: i64) -> Result<WebhookRetry, Error> {
        let Some(row) = webhook_delivery::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(WebhookRetry::NoSuchDelivery);
        };
        if row.failed_at.is_none() {
            return Ok(WebhookRetry::NotFailed);
        }
        let mut row: webhook_delivery::ActiveModel = row.into();
        row.failed_at = Set(None);
        row.attempts = Set(0);
        row.next_attempt_at = Set(now);
        row.give_up_at = Set(now + GIVE_UP_AFTER_SECONDS);
        row.locked_until = Set(None);
        let _turn = self.writes.exclusive().await;
        row.update(&self.db).await?;
        Ok(WebhookRetry::Queued)
    }

    /// How many deliveries are waiting (to be made, or retried) and how many failed for good.
    pub async fn webhook_depth(&self) -> Result<(u64, u64), Error> {
        let pending = webhook_delivery::Entity::find()
            .filter(Column::DeliveredAt.is_null())
            .filter(Column::FailedAt.is_null())
            .count(&self.db)
            .await?;
        let failed = webhook_delivery::Entity::find().filter(Column::FailedAt.is_not_null()).count(&self.db).await?;
        Ok((pending, failed))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum WebhookRetry {
    Queued,
    NoSuchDelivery,
    /// It did not fail (it was delivered or is still being tried).
    NotFailed,
}

/// Delivered events are kept a week (for `latchkey webhook list`), like sent mail.
pub(crate) async fn purge_delivered(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    let result = webhook_delivery::Entity::delete_many().filter(Column::DeliveredAt.lt(cutoff)).exec(db).await?;
    Ok(result.rows_affected)
}
