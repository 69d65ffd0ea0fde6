//! Connecting to SQLite or PostgreSQL and applying migrations.

use std::{path::PathBuf, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, TransactionTrait,
    sqlx::sqlite::SqliteJournalMode,
};

use crate::config::Config;

/// Opens a pool as configured (`LATCHKEY_DATABASE_URL`, `…_MAX_CONNECTIONS`, `…_TIMEOUT`).
pub async fn open(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let database = &config.database;
    connect_with(database.url.expose(), database.max_connections, database.timeout).await
}

/// Applies every pending migration, then opens the pool of [`open`]. On SQLite the migrations
/// run over a connection of their own, closed before the pool opens: a pooled connection that
/// had read the schema before a migration changed it kept answering with the old columns (sqlx
/// keeps the columns a statement had when first prepared), and a `latchkey user add` on a new
/// database failed with "Missing value for column" for a column a migration had just added.
pub async fn open_migrated(config: &Config) -> Result<DatabaseConnection, Migration> {
    let database = &config.database;
    let url = database.url.expose();
    if !database.is_postgres() && !url.contains(":memory:") {
        let migrating = connect_with(url, 1, database.timeout).await.map_err(Migration::Connect)?;
        migrate(&migrating).await.map_err(Migration::Apply)?;
        migrating.close().await.map_err(Migration::Connect)?;
        return open(config).await.map_err(Migration::Connect);
    }
    let db = open(config).await.map_err(Migration::Connect)?;
    migrate(&db).await.map_err(Migration::Apply)?;
    Ok(db)
}

/// Why [`open_migrated`] failed.
#[derive(Debug, thiserror::Error)]
pub enum Migration {
    #[error("database: {0}")]
    Connect(DbErr),
    #[error("database migration: {0}")]
    Apply(DbErr),
}

/// Opens a small pool on `url` (`sqlite://…` or `postgres://…`), for tools and tests.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, 4, 5).await
}

async fn connect_with(url: &str, max_connections: u32, timeout_seconds: u64) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(url, max_connections, timeout_seconds)).await
}

/// The file of a SQLite database URL (`sqlite://data/latchkey.db?mode=rwc` → `data/latchkey.db`);
/// `None` for PostgreSQL and for an in-memory database.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let file = rest.trim_start_matches("//").split('?').next().unwrap_or_default();
    let in_memory = file.is_empty() || file.contains(":memory:") || file.starts_with("memory");
    (!in_memory).then(|| PathBuf::from(file))
}

/// A connection idle this long is pinged before it is handed out: one a server, proxy or
/// firewall may have dropped meanwhile. A busy one goes straight to its query.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(30);

fn options(url: &str, max_connections: u32, timeout_seconds: u64) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    let busy_timeout = Duration::from_secs(timeout_seconds);
    // SQLite: readers never block the writer (WAL), and a writer that finds the database
    // locked by another process waits for it rather than failing at once.
    options.map_sqlx_sqlite_opts(move |sqlite| sqlite.journal_mode(SqliteJournalMode::Wal).busy_timeout(busy_timeout));
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(timeout_seconds))
        .acquire_timeout(Duration::from_secs(timeout_seconds))
        // Not a ping on every checkout (the pool's default): that doubled the round trips of
        // every query, to SQLite's connection thread or to the PostgreSQL server.
        .test_before_acquire_if_idle_for(PING_WHEN_IDLE_FOR)
        // Statements are logged at debug level only; they never carry secrets (only hashes).
        .sqlx_logging(false);
    options
}

/// Applies every pending migration; safe to run on every start, by several processes at once.
/// PostgreSQL: in one transaction holding an advisory lock, so one process migrates while the
/// others wait and then find nothing to do. SQLite (one writer at a time, but DDL outside
/// transactions): a process that loses the race finds the tables made and tries again.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        let txn = db.begin().await?;
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
        Migrator::up(&txn, None).await?;
        return txn.commit().await;
    }
    let mut attempt = 0;
    loop {
        match Migrator::up(db, None).await {
            Ok(()) => return Ok(()),
            Err(_) if attempt < 20 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
            }
            Err(err) => return Err(err),
        }
    }
}

/// The advisory lock key migrations hold on PostgreSQL ("latchkey" in ASCII).
const MIGRATION_LOCK: i64 = 0x6c61_7463_686b_6579;

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};

    use super::*;

    async fn pragma(db: &DatabaseConnection, sql: &str) -> Vec<String> {
        let rows = db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.unwrap();
        rows.iter().map(|row| row.try_get_by_index::<String>(0).unwrap()).collect()
    }

    /// `.cargo/config.toml` builds SQLite with the query planner stability guarantee; without
    /// it every `LIMIT ?` query is parsed and planned again on each run (see that file).
    #[tokio::test]
    async fn sqlite_keeps_its_statements_planned() {
        let db = connect("sqlite::memory:").await.unwrap();
        let options = pragma(&db, "PRAGMA compile_options").await;
        assert!(options.iter().any(|option| option == "ENABLE_QPSG"), "compile options: {options:?}");
    }

    #[test]
    fn a_sqlite_url_names_its_file() {
        assert_eq!(sqlite_file("sqlite://latchkey.db?mode=rwc"), Some(PathBuf::from("latchkey.db")));
        assert_eq!(sqlite_file("sqlite:///var/lib/lk/data.db"), Some(PathBuf::from("/var/lib/lk/data.db")));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://db/latchkey"), None);
    }

    #[test]
    fn only_a_connection_idle_for_a_while_is_pinged_before_use() {
        for url in ["sqlite::memory:", "postgres://postgres@127.0.0.1:5432/test"] {
            let options = options(url, 4, 5);
            assert!(!options.get_test_before_acquire(), "{url}: a ping on every checkout");
            assert_eq!(options.get_test_before_acquire_if_idle_for(), Some(PING_WHEN_IDLE_FOR), "{url}");
        }
    }
}
