//! Delivering queued events: claim the next one, post it signed, mark it delivered; on failure
//! retry later with the mail worker's backoff, until the delivery's three days are up.
//!
//! A claim is a lease, taken with one conditional update as the mail outbox's are, so that of
//! several servers exactly one posts each event, and a crashed server's event comes back once
//! its lease ends. An event is claimed only when no earlier event of its account is waiting —
//! being retried, or held by another server — so each account's events arrive in order.

use base64::{Engine, engine::general_purpose::STANDARD};
use entity::webhook_delivery::{self, Column, Entity};
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use sha2::Sha256;

use super::transport::{POST_TIMEOUT_SECONDS, Transport};
use crate::{Error, Latchkey, mail::worker::backoff};

/// Events posted per call of the worker (each claimed on its own, just before it is posted).
pub const BATCH: usize = 20;
/// How long a claim lasts: longer than a post can take, short enough that after a crash the
/// event goes out from another server within a minute.
pub const LEASE_SECONDS: i64 = POST_TIMEOUT_SECONDS as i64 + 30;

/// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the Standard Webhooks signature.
pub fn signature(key: &[u8], message_id: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes keys of any length, so this cannot fail; the fallback keeps it panic-free.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
    mac.update(format!("{message_id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

impl Latchkey {
    /// Posts up to `BATCH` events that are due; returns how many were delivered. `clock` tells
    /// the time (Unix seconds) as each event is claimed, signed and done.
    pub async fn deliver_due_webhooks(&self, transport: &Transport, clock: impl Fn() -> i64) -> Result<usize, Error> {
        let Some(hook) = &self.config.webhook else {
            return Ok(0);
        };
        let mut delivered = 0;
        for _ in 0..BATCH {
            // Writes take their turn with the requests' batched writes (see `deliver_due_mail`).
            let claimed = {
                let _turn = self.writes.exclusive().await;
                claim_next(&self.db, clock()).await?
            };
            let Some(delivery) = claimed else {
                break;
            };
            let timestamp = clock();
            let headers = [
                ("webhook-id", delivery.message_id.clone()),
                ("webhook-timestamp", timestamp.to_string()),
                (
                    "webhook-signature",
                    signature(hook.secret.expose(), &delivery.message_id, timestamp, &delivery.payload),
                ),
            ];
            let outcome = transport.post(&hook.url, &headers, delivery.payload.clone()).await;
            let ok = outcome.is_ok();
            self.record_attempt(delivery, outcome, clock()).await?;
            if ok {
                delivered += 1;
            }
        }
        Ok(delivered)
    }

    /// Marks a claimed delivery delivered, or schedules its next attempt (or gives up).
    async fn record_attempt(
        &self,
        delivery: webhook_delivery::Model,
        outcome: Result<(), String>,
        now: i64,
    ) -> Result<(), DbErr> {
        let (id, attempts, give_up_at) = (delivery.id, delivery.attempts + 1, delivery.give_up_at);
        let mut row: webhook_delivery::ActiveModel = delivery.into();
        row.attempts = Set(attempts);
        row.locked_until = Set(None);
        match outcome {
            Ok(()) => {
                metrics::counter!("latchkey_webhooks_delivered_total").increment(1);
                row.delivered_at = Set(Some(now));
                row.last_error = Set(None);
            }
            Err(error) => {
                metrics::counter!("latchkey_webhook_attempts_failed_total").increment(1);
                row.last_error = Set(Some(error.chars().take(500).collect()));
                if now >= give_up_at {
                    tracing::error!(id, attempts, %error, "webhook failed for good; see latchkey webhook list --failed");
                    row.failed_at = Set(Some(now));
                } else {
                    let delay = backoff(attempts);
                    tracing::warn!(id, attempts, retry_in_seconds = delay, %error, "webhook failed; will retry");
                    row.next_attempt_at = Set(now + delay);
                }
            }
        }
        let _turn = self.writes.exclusive().await;
        row.update(&self.db).await.map(drop)
    }
}

/// The oldest due delivery whose account has no earlier one waiting, claimed for this worker;
/// `None` when there is none (or another worker claimed it first).
pub async fn claim_next(db: &impl ConnectionTrait, now: i64) -> Result<Option<webhook_delivery::Model>, DbErr> {
    let next = Alias::new("next");
    let earlier = Alias::new("earlier");
    let earlier_waiting = Query::select()
        .expr(Expr::val(1))
        .from_as(Entity, earlier.clone())
        .and_where(Expr::col((earlier.clone(), Column::AccountId)).equals((next.clone(), Column::AccountId)))
        .and_where(Expr::col((earlier.clone(), Column::Id)).lt(Expr::col((next.clone(), Column::Id))))
        .and_where(Expr::col((earlier.clone(), Column::DeliveredAt)).is_null())
        .and_where(Expr::col((earlier, Column::FailedAt)).is_null())
        .to_owned();
    let oldest = Query::select()
        .column((next.clone(), Column::Id))
        .from_as(Entity, next.clone())
        .cond_where(due(Some(&next), now))
        .and_where(Expr::exists(earlier_waiting).not())
        .order_by((next, Column::Id), sea_orm::Order::Asc)
        .limit(1)
        .to_owned();
    let claimed = Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(now + LEASE_SECONDS))
        .filter(Column::Id.in_subquery(oldest))
        .filter(due(None, now))
        .exec_with_returning(db)
        .await?;
    Ok(claimed.into_iter().next())
}

/// Waiting, its time come, and held by no worker (of the table under `alias`, if given).
fn due(alias: Option<&Alias>, now: i64) -> Condition {
    let col = |column: Column| match alias {
        Some(alias) => Expr::col((alias.clone(), column)),
        None => Expr::col(column),
    };
    Condition::all()
        .add(col(Column::DeliveredAt).is_null())
        .add(col(Column::FailedAt).is_null())
        .add(col(Column::NextAttemptAt).lte(now))
        .add(Condition::any().add(col(Column::LockedUntil).is_null()).add(col(Column::LockedUntil).lte(now)))
}

#[cfg(test)]
mod tests {
    use base64::{Engine, engine::general_purpose::STANDARD};

    use super::signature;

    /// The example of the Standard Webhooks specification (and of its libraries' tests), whose
    /// key is `whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw`.
    #[test]
    fn signatures_follow_the_standard_webhooks_example() {
        let key = STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, r#"{"test": 2432232314}"#),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}
