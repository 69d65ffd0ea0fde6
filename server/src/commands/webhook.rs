//! `latchkey webhook list [--failed]` and `latchkey webhook retry ID`.

use latchkey_domain::{config::Config, unix_now, webhooks::WebhookRetry};
use sea_orm::ActiveEnum;

use super::{open, queue_state};

pub async fn list(config: Config, failed_only: bool, limit: u64) -> Result<(), String> {
    let k = open(config).await?;
    for row in k.list_webhooks(failed_only, limit).await.map_err(|e| e.to_string())? {
        let state = queue_state("delivered", row.delivered_at, row.failed_at, row.next_attempt_at);
        let error = row.last_error.unwrap_or_default();
        let event = row.event.to_value();
        println!("{}\t{}\t{event}\t{state}\tattempts={}\t{error}", row.id, row.message_id, row.attempts);
    }
    Ok(())
}

pub async fn retry(config: Config, id: i64) -> Result<(), String> {
    let k = open(config).await?;
    match k.retry_webhook(id, unix_now()).await.map_err(|e| e.to_string())? {
        WebhookRetry::Queued => {
            println!("delivery {id} is queued again");
            Ok(())
        }
        WebhookRetry::NoSuchDelivery => Err(format!("no delivery {id}")),
        WebhookRetry::NotFailed => Err(format!("delivery {id} has not failed")),
    }
}
