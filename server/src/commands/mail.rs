//! `latchkey mail list [--failed]` and `latchkey mail retry ID`.

use latchkey_domain::{
    config::Config,
    mail::outbox::{self, Retry},
    unix_now,
};

use super::{audit::utc, open};

pub async fn list(config: &Config, failed_only: bool, limit: u64) -> Result<(), String> {
    let db = open(config).await?;
    for row in outbox::list(&db, failed_only, limit).await.map_err(|e| format!("database: {e}"))? {
        let state = match (row.sent_at, row.failed_at) {
            (Some(at), _) => format!("sent {}", utc(at)),
            (None, Some(at)) => format!("failed {}", utc(at)),
            (None, None) => format!("pending, next try {}", utc(row.next_attempt_at)),
        };
        let error = row.last_error.unwrap_or_default();
        println!("{}\t{}\t{}\t{state}\tattempts={}\t{error}", row.id, row.kind, row.recipient, row.attempts);
    }
    Ok(())
}

pub async fn retry(config: &Config, id: i64) -> Result<(), String> {
    let db = open(config).await?;
    match outbox::retry(&db, id, unix_now()).await.map_err(|e| format!("database: {e}"))? {
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
