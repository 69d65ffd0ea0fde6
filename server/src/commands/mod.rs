//! The administrative subcommands.

pub mod audit;
pub mod client;
pub mod health;
pub mod mail;
pub mod secret;
pub mod user;
pub mod webhook;

use latchkey_domain::{Latchkey, config::Config, db};

/// `latchkey migrate`.
pub async fn migrate(config: Config) -> Result<(), String> {
    open(config).await?;
    println!("database is up to date");
    Ok(())
}

/// Connects, migrates and returns the services, so every command works on a fresh database.
pub async fn open(config: Config) -> Result<Latchkey, String> {
    let conn = db::open_migrated(&config).await.map_err(|e| e.to_string())?;
    Latchkey::new(conn, config).map_err(|e| e.to_string())
}

/// Where a queued row (a message, a webhook delivery) stands: `<done> <when>`, `failed <when>`
/// or `pending, next try <when>`.
pub fn queue_state(done: &str, done_at: Option<i64>, failed_at: Option<i64>, next_attempt_at: i64) -> String {
    match (done_at, failed_at) {
        (Some(at), _) => format!("{done} {}", utc(at)),
        (None, Some(at)) => format!("failed {}", utc(at)),
        (None, None) => format!("pending, next try {}", utc(next_attempt_at)),
    }
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(seconds: i64) -> String {
    latchkey_i18n::time::Utc::from_unix(seconds).rfc3339()
}
