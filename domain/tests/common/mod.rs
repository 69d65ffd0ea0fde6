#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Test databases: in-memory SQLite by default; with `LATCHKEY_TEST_PG_URL` (a PostgreSQL URL
//! whose user may create databases), a fresh PostgreSQL database per test, dropped afterwards.
#![allow(dead_code)]

use latchkey_domain::{Latchkey, config::Config, db, secret::Secret};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct TestDb {
    pub db: DatabaseConnection,
    /// PostgreSQL only: (admin URL, database name) to drop when the test ends.
    drop_on_exit: Option<(String, String)>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        match std::env::var("LATCHKEY_TEST_PG_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let (_, hash) = latchkey_domain::token::new_token().unwrap();
                let name = format!("latchkey_t_{}", &hash[..16]);
                let admin = db::connect(&admin_url).await.unwrap();
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                admin.close().await.unwrap();
                let url = replace_database(&admin_url, &name);
                let db = db::connect(&url).await.unwrap();
                db::migrate(&db).await.unwrap();
                TestDb { db, drop_on_exit: Some((admin_url, name)) }
            }
            _ => {
                let db = sea_orm::Database::connect(
                    sea_orm::ConnectOptions::new("sqlite::memory:").max_connections(1).to_owned(),
                )
                .await
                .unwrap();
                db::migrate(&db).await.unwrap();
                TestDb { db, drop_on_exit: None }
            }
        }
    }

    /// A service over this database with the default configuration.
    pub fn latchkey(&self) -> Latchkey {
        // The test run sets no settings (`LATCHKEY_TEST_PG_URL` is not one), so this is the default.
        let mut config = Config::load(None).expect("default configuration");
        config.secret_key = Some(Secret::new("test key".to_owned()));
        Latchkey::new(self.db.clone(), config).expect("services")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.drop_on_exit.take() {
            // Drop runs outside async code's reach, so the clean-up gets its own runtime.
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(admin) = db::connect(&admin_url).await {
                        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    }
                });
            })
            .join()
            .ok();
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

pub fn secret(s: &str) -> Secret<String> {
    Secret::new(s.to_owned())
}

/// A request from nowhere in particular.
pub const ANON: latchkey_domain::audit::Client = latchkey_domain::audit::Client { ip: None, user_agent: None };

pub const GOOD_PASSWORD: &str = "correct horse battery staple";

/// The `token` query parameter of a reset link.
pub fn token_of(link: &Secret<String>) -> Secret<String> {
    let url = url::Url::parse(link.expose()).unwrap();
    let token = url.query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
    Secret::new(token)
}
