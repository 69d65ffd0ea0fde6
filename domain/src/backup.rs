//! Backing up a SQLite database while servers use it, and restoring a backup in its place.
//! A backup is SQLite's own consistent copy (`VACUUM INTO`, a read transaction: servers go on
//! writing meanwhile), written beside its destination with mode 0600 and renamed into place, so
//! a destination never holds half a backup. It holds what the database holds: token hashes,
//! never tokens, and mail and authenticator secrets encrypted with the key, which is not in it.
//! PostgreSQL has its own tools; these say so.

use std::{
    fs::{File, OpenOptions, TryLockError},
    path::{Path, PathBuf},
};

use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::{config::Config, db};

/// Held by every `latchkey serve` on a SQLite database for as long as it runs (a shared lock on
/// `<database>.lock`); a restore takes it exclusively, so it cannot replace a database in use.
pub struct ServingLock {
    _held: File,
}

/// Takes the serving lock of the configured SQLite database; `None` on PostgreSQL or in memory.
pub fn hold_for_serving(config: &Config) -> Result<Option<ServingLock>, String> {
    let Some(file) = db::sqlite_file(config.database.url.expose()) else {
        return Ok(None);
    };
    let lock = open_lock(&file)?;
    lock.lock_shared().map_err(|e| format!("{}: {e}", lock_path(&file).display()))?;
    Ok(Some(ServingLock { _held: lock }))
}

/// `latchkey backup FILE`: a consistent copy of the running database in `into`.
pub async fn backup(config: &Config, into: &Path) -> Result<String, String> {
    let file = sqlite_file_of(config, "back it up with pg_dump, and keep LATCHKEY_SECRET_KEY apart from the dump")?;
    if !file.is_file() {
        return Err(format!("no database at {}", file.display()));
    }
    let db = db::connect(config.database.url.expose()).await.map_err(|e| format!("database: {e}"))?;
    let partial = beside(into, "partial");
    let _ = std::fs::remove_file(&partial);
    // SQLite writes into an empty file it is given, keeping its mode: nobody else may read it.
    private_file(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    let vacuum = format!("VACUUM INTO {}", sql_text(&partial.to_string_lossy()));
    let copied = db.execute_unprepared(&vacuum).await;
    db.close().await.map_err(|e| format!("database: {e}"))?;
    if let Err(err) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("backup: {err}"));
    }
    put_in_place(&partial, into)?;
    Ok(format!("backed up {} to {}", file.display(), into.display()))
}

/// `latchkey restore FILE`: the backup in `from` in place of the configured database, then
/// migrated forward. Refused when `from` is not a Latchkey database, or one of a newer
/// version, or while a server uses the database.
pub async fn restore(config: &Config, from: &Path) -> Result<String, String> {
    let file = sqlite_file_of(config, "restore a pg_dump with pg_restore or psql")?;
    if !from.is_file() {
        return Err(format!("no such file: {}", from.display()));
    }
    let lock = open_lock(&file)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(format!("a latchkey server is using {}: stop it, then restore", file.display()));
        }
        Err(TryLockError::Error(err)) => return Err(format!("{}: {err}", lock_path(&file).display())),
    }
    // The backup is copied and the copy checked: the backup itself is never opened for writing.
    let restoring = beside(&file, "restoring");
    let _ = std::fs::remove_file(&restoring);
    private_file(&restoring)
        .and_then(|_| std::fs::copy(from, &restoring))
        .map_err(|e| format!("{}: {e}", restoring.display()))?;
    if let Err(err) = check_backup(&restoring, from).await {
        let _ = std::fs::remove_file(&restoring);
        return Err(err);
    }
    // The old database's write-ahead log must not be applied to the restored one.
    for suffix in ["-wal", "-shm"] {
        let stale = PathBuf::from(format!("{}{suffix}", file.display()));
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(format!("{}: {err}", stale.display())),
        }
    }
    put_in_place(&restoring, &file)?;
    let db = db::open_migrated(config).await.map_err(|e| e.to_string())?;
    db.close().await.map_err(|e| format!("database: {e}"))?;
    drop(lock);
    Ok(format!("restored {} from {} (migrated to this version)", file.display(), from.display()))
}

/// The configured SQLite database's file; on PostgreSQL, an error saying to `instead`.
fn sqlite_file_of(config: &Config, instead: &str) -> Result<PathBuf, String> {
    if config.database.is_postgres() {
        return Err(format!("LATCHKEY_DATABASE_URL is PostgreSQL: {instead}"));
    }
    db::sqlite_file(config.database.url.expose())
        .ok_or_else(|| "LATCHKEY_DATABASE_URL is an in-memory database: there is nothing to keep".to_owned())
}

/// That `copy` (of the backup `from`) is a whole SQLite database made by this or an earlier
/// version of Latchkey.
async fn check_backup(copy: &Path, from: &Path) -> Result<(), String> {
    let url = format!("sqlite://{}?mode=rw", copy.display());
    let not_sqlite = |e: sea_orm::DbErr| format!("{} is not a Latchkey database ({e})", from.display());
    let backup = db::connect(&url).await.map_err(not_sqlite)?;
    let checked = check_schema(&backup, from).await;
    backup.close().await.map_err(not_sqlite)?;
    checked
}

async fn check_schema(backup: &DatabaseConnection, from: &Path) -> Result<(), String> {
    let not_latchkey = |why: &str| format!("{} is not a Latchkey database ({why})", from.display());
    let integrity = backup
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA integrity_check"))
        .await
        .map_err(|e| not_latchkey(&e.to_string()))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        return Err(not_latchkey("its integrity check failed"));
    }
    let applied = backup
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, "SELECT version FROM seaql_migrations"))
        .await
        .map_err(|_| not_latchkey("it has no migrations table"))?;
    let known: Vec<String> = migration::Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    for row in applied {
        let version: String = row.try_get_by_index(0).map_err(|e| not_latchkey(&e.to_string()))?;
        if !known.contains(&version) {
            return Err(format!(
                "{} was made by a newer Latchkey (migration {version}): restore it with that version",
                from.display()
            ));
        }
    }
    Ok(())
}

fn lock_path(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", database.display()))
}

fn open_lock(database: &Path) -> Result<File, String> {
    let path = lock_path(database);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `path` with `.<what>` added, in the same directory (so that a rename moves it into place).
fn beside(path: &Path, what: &str) -> PathBuf {
    PathBuf::from(format!("{}.{what}", path.display()))
}

/// A new, empty file only its owner may read (backups, the key file).
pub(crate) fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Moves a finished file into place in one step, synced to disk with its directory.
fn put_in_place(finished: &Path, path: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    File::open(finished).and_then(|f| f.sync_all()).map_err(fail)?;
    std::fs::rename(finished, path).map_err(fail)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(fail)
}

/// `text` as an SQL string literal.
fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_quoted_as_sql_text() {
        assert_eq!(sql_text("/backups/it's.db"), "'/backups/it''s.db'");
    }
}
