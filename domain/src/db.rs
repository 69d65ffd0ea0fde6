//! Connecting to SQLite or PostgreSQL and applying migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::config::Config;

/// Opens a pool as configured (`LATCHKEY_DATABASE_URL`, `…_MAX_CONNECTIONS`, `…_TIMEOUT`).
pub async fn open(config: &Config) -> Result<DatabaseConnection, DbErr> {
    connect_with(config.database_url.expose(), config.database_max_connections, config.database_timeout).await
}

/// Opens a small pool on `url` (`sqlite://…` or `postgres://…`), for tools and tests.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, 4, 5).await
}

async fn connect_with(url: &str, max_connections: u32, timeout_seconds: u64) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(timeout_seconds))
        .acquire_timeout(Duration::from_secs(timeout_seconds))
        // Statements are logged at debug level only; they never carry secrets (only hashes).
        .sqlx_logging(false);
    Database::connect(options).await
}

/// Applies every pending migration; safe to run on every start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
