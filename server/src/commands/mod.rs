//! The administrative subcommands.

pub mod audit;
pub mod mail;
pub mod user;

use latchkey_domain::{config::Config, db};
use sea_orm::DatabaseConnection;

/// `latchkey migrate`.
pub async fn migrate(config: &Config) -> Result<(), String> {
    open(config).await?;
    println!("database is up to date");
    Ok(())
}

/// Connects and migrates, so every command works on a fresh database.
pub async fn open(config: &Config) -> Result<DatabaseConnection, String> {
    let conn = db::open(config).await.map_err(|e| format!("database: {e}"))?;
    db::migrate(&conn).await.map_err(|e| format!("database migration: {e}"))?;
    Ok(conn)
}
