//! `latchkey mail list [--failed]` and `latchkey mail retry ID`.

use latchkey_domain::{config::Config, mail::outbox::Retry, unix_now};
use sea_orm::ActiveEnum;

use super::{open, queue_state};

pub async fn list(config: Config, failed_only: bool, limit: u64) -> Result<(), String> {
    let k = open(config).await?;
    for row in k.list_mail(failed_only, limit).await.map_err(|e| e.to_string())? {
        let state = queue_state("sent", row.sent_at, row.failed_at, row.next_attempt_at);
        let error = row.last_error.unwrap_or_default();
        let kind = row.kind.to_value();
        println!("{}\t{kind}\t{}\t{state}\tattempts={}\t{error}", row.id, row.recipient, row.attempts);
    }
    Ok(())
}

pub async fn retry(config: Config, id: i64) -> Result<(), String> {
    let k = open(config).await?;
    match k.retry_mail(id, unix_now()).await.map_err(|e| e.to_string())? {
        Retry::Queued => {
            println!("message {id} is queued again");
            Ok(())
        }
        Retry::NoSuchMessage => Err(format!("no message {id}")),
        Retry::NotFailed => Err(format!("message {id} has not failed")),
        Retry::LinkErased => {
            Err(format!("message {id} was a reset email whose link was erased; ask the person to request a new one"))
        }
    }
}
