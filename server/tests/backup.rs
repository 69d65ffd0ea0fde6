#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! `latchkey backup` and `latchkey restore` on SQLite: a consistent copy taken while a server
//! is busy, which serves the same accounts and holds no mailed token; a restore refused while
//! a server uses the database, and an older backup migrated forward.

mod common;

use std::{
    os::unix::fs::PermissionsExt,
    path::Path,
    process::Output,
    sync::atomic::{AtomicBool, Ordering},
};

use common::{PASSWORD, Server, eventually, sqlite_env, status};
use migration::MigratorTrait;
use tempfile::TempDir;

const PEOPLE: [&str; 3] = ["ada@example.com", "grace@example.com", "edsger@example.com"];

/// `latchkey args…` in `dir` with `env`, which may fail.
fn latchkey(dir: &Path, env: &[(&str, String)], args: &[&str]) -> Output {
    common::run_cli(dir, env, args, "")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A SQLite database in `dir` with the three people, and its settings.
fn database_with_people(dir: &TempDir) -> Vec<(&'static str, String)> {
    let env = sqlite_env(dir, &[("LATCHKEY_TRUST_PROXY", "true".to_owned())]);
    for email in PEOPLE {
        let args = ["user", "add", "--email", email, "--role", "consumer", "--password-stdin"];
        common::cli(dir.path(), &env, &args, PASSWORD);
    }
    env
}

fn login(server: &Server, email: &str, ip: &str) -> u16 {
    let body = format!("email={}&password=correct+horse+battery+staple", email.replace('@', "%40"));
    status(&server.post("/api/auth/login", &body, ip).unwrap())
}

/// The reset token in the one reset email written to `mail`.
fn mailed_token(mail: &Path) -> Option<String> {
    let eml = std::fs::read_dir(mail).ok()?.next()?.ok()?.path();
    common::link_token(&std::fs::read_to_string(eml).ok()?)
}

/// A copy of database `from` (a backup, or a server's) ready to serve from `dir`, with the key
/// file of `key_dir`: the operator backs up the key apart from the database.
fn serve_copy(from: &Path, key_dir: &TempDir, dir: &TempDir) -> Server {
    std::fs::copy(from, dir.path().join("serve.db")).unwrap();
    std::fs::copy(key_dir.path().join("latchkey.key"), dir.path().join("latchkey.key")).unwrap();
    Server::start(dir.path(), &sqlite_env(dir, &[]))
}

#[test]
fn a_backup_taken_under_load_serves_the_same_accounts_and_holds_no_mailed_token() {
    let dir = tempfile::tempdir().unwrap();
    let env = database_with_people(&dir);
    let server = Server::start(dir.path(), &env);
    assert_eq!(status(&server.post("/api/auth/forgot", "email=ada%40example.com", "192.0.2.1").unwrap()), 200);
    let mail = dir.path().join("mail");
    let mut token = None;
    eventually(20, "the reset email is written", || {
        token = mailed_token(&mail);
        token.is_some()
    });
    let token = token.unwrap();

    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("latchkey-backup.db");
    let busy = AtomicBool::new(true);
    let backed_up = std::thread::scope(|scope| {
        // Logins and forgot requests keep the server writing while the copy is taken.
        for worker in 0..2 {
            let (server, busy) = (&server, &busy);
            scope.spawn(move || {
                let mut n = 0;
                while busy.load(Ordering::Relaxed) {
                    let ip = format!("198.51.{worker}.{}", n % 250);
                    assert_eq!(login(server, PEOPLE[n % 3], &ip), 200);
                    let forgot = format!("email=someone{n}%40example.com");
                    assert_eq!(status(&server.post("/api/auth/forgot", &forgot, &ip).unwrap()), 200);
                    n += 1;
                }
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        let output = latchkey(dir.path(), &env, &["backup", &file.display().to_string()]);
        busy.store(false, Ordering::Relaxed);
        output
    });
    assert!(backed_up.status.success(), "{}", stderr(&backed_up));
    assert!(String::from_utf8_lossy(&backed_up.stdout).starts_with("backed up "), "{backed_up:?}");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "only its owner reads it");
    let leftovers: Vec<_> = std::fs::read_dir(backups.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["latchkey-backup.db"], "nothing half-written beside it");

    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()), "the mailed token is not in the backup");

    // The backup, with the key kept apart, serves the same accounts.
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = serve_copy(&file, &dir, &elsewhere);
    for email in PEOPLE {
        assert_eq!(login(&restored, email, "203.0.113.9"), 200, "{email}");
    }
}

#[test]
fn restore_refuses_a_database_in_use_and_migrates_an_older_backup_forward() {
    let dir = tempfile::tempdir().unwrap();
    let env = database_with_people(&dir);
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("older.db");
    let backed_up = latchkey(dir.path(), &env, &["backup", &file.display().to_string()]);
    assert!(backed_up.status.success(), "{}", stderr(&backed_up));
    // An older version's backup: the newest migration undone.
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db = latchkey_domain::db::connect(&format!("sqlite://{}", file.display())).await.unwrap();
        migration::Migrator::down(&db, Some(1)).await.unwrap();
        db.close().await.unwrap();
    });

    let server = Server::start(dir.path(), &env);
    let refused = latchkey(dir.path(), &env, &["restore", &file.display().to_string()]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("a latchkey server is using"), "{}", stderr(&refused));
    assert_eq!(login(&server, "ada@example.com", "192.0.2.1"), 200, "the database in use is untouched");
    drop(server);

    let not_a_database = backups.path().join("notes.txt");
    std::fs::write(&not_a_database, "not a database").unwrap();
    for (path, says) in [
        (not_a_database.display().to_string(), "is not a Latchkey database"),
        (backups.path().join("missing.db").display().to_string(), "no such file"),
    ] {
        let refused = latchkey(dir.path(), &env, &["restore", &path]);
        assert!(!refused.status.success() && stderr(&refused).contains(says), "{path}: {}", stderr(&refused));
    }

    let restored = latchkey(dir.path(), &env, &["restore", &file.display().to_string()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let server = Server::start(dir.path(), &env);
    for email in PEOPLE {
        assert_eq!(login(&server, email, "192.0.2.2"), 200, "{email}");
    }
    let applied = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db = latchkey_domain::db::connect(&format!("sqlite://{}/serve.db", dir.path().display())).await.unwrap();
        migration::Migrator::get_pending_migrations(&db).await.unwrap().len()
    });
    assert_eq!(applied, 0, "migrated forward");
}

#[test]
fn on_postgresql_backup_and_restore_point_to_its_own_tools() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("LATCHKEY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/latchkey".to_owned()),
        ("LATCHKEY_SECRET_KEY", latchkey_test_support::TEST_KEY.to_owned()),
    ];
    let backup = latchkey(dir.path(), &env, &["backup", "out.db"]);
    assert!(!backup.status.success());
    assert!(stderr(&backup).contains("back it up with pg_dump"), "{}", stderr(&backup));
    let restore = latchkey(dir.path(), &env, &["restore", "out.db"]);
    assert!(!restore.status.success() && stderr(&restore).contains("pg_restore"), "{}", stderr(&restore));
    assert!(!dir.path().join("out.db").exists());
}
