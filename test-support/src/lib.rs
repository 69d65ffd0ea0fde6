//! Helpers shared by the integration tests of `latchkey-domain` and `latchkey`: a PostgreSQL
//! database per test, a passkey in software (`passkey`), and the bench programs' HTTP client
//! (`bench`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is the failure report

use sea_orm::{ConnectionTrait, Database, Statement};

/// Key material for `LATCHKEY_SECRET_KEY` in tests (32 bytes, hex).
pub const TEST_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

pub mod bench;
pub mod passkey;

/// The PostgreSQL server tests may use (`LATCHKEY_TEST_PG_URL`, a user that may create
/// databases), if one is configured.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("LATCHKEY_TEST_PG_URL").ok().filter(|url| !url.is_empty())
}

/// A fresh PostgreSQL database for one test, dropped when the test ends.
pub struct PgDatabase {
    admin: String,
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    /// Creates `latchkey_<prefix>_<random>` on the server at `LATCHKEY_TEST_PG_URL`.
    pub fn create(prefix: &str) -> PgDatabase {
        let admin = postgres_admin_url().expect("LATCHKEY_TEST_PG_URL names a PostgreSQL server");
        let mut random = [0u8; 6];
        getrandom::fill(&mut random).unwrap();
        let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("latchkey_{prefix}_{suffix}");
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&name);
        let db = PgDatabase { admin, name, url: url.to_string() };
        db.admin_sql(&format!("CREATE DATABASE {}", db.name));
        db
    }

    /// Runs one statement as the administrator. Works from synchronous and asynchronous tests
    /// alike: it runs on a thread of its own with its own runtime.
    pub fn admin_sql(&self, statement: &str) {
        let (admin, statement) = (self.admin.clone(), statement.to_owned());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let db = Database::connect(&admin).await.unwrap();
                db.execute_unprepared(&statement).await.unwrap();
                db.close().await.unwrap();
            });
        })
        .join()
        .expect("the administrative statement ran");
    }

    /// The first column of the first row of `query` on this database, as a number.
    pub fn count(&self, query: &str) -> i64 {
        let (url, query) = (self.url.clone(), query.to_owned());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let db = Database::connect(&url).await.unwrap();
                let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), query)).await.unwrap();
                let count: i64 = row.unwrap().try_get_by_index(0).unwrap();
                db.close().await.unwrap();
                count
            })
        })
        .join()
        .expect("the query ran")
    }

    /// Drops the database now (to simulate an outage); `Drop` does it again harmlessly.
    pub fn drop_database(&self) {
        self.admin_sql(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        self.drop_database();
    }
}
