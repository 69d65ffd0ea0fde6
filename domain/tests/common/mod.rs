#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Test databases: in-memory SQLite by default; with `LATCHKEY_TEST_PG_URL` (a PostgreSQL URL
//! whose user may create databases), a fresh PostgreSQL database per test, dropped afterwards.
#![allow(dead_code)]

use std::ops::Deref;

use entity::mail_outbox;
use latchkey_domain::{
    Latchkey,
    accounts::{NewAccount, Role},
    config::{Config, SecretKey},
    db,
    mail::{MailKind, SealKey, Transport},
    secret::Secret,
};
use latchkey_test_support::{PgDatabase, TEST_KEY, postgres_admin_url};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub struct TestDb {
    pub db: DatabaseConnection,
    /// PostgreSQL only: the database, dropped when the test ends.
    _postgres: Option<PgDatabase>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let postgres = postgres_admin_url().map(|_| PgDatabase::create("t"));
        let db = match &postgres {
            Some(pg) => db::connect(&pg.url).await.unwrap(),
            None => sea_orm::Database::connect(
                sea_orm::ConnectOptions::new("sqlite::memory:").max_connections(1).to_owned(),
            )
            .await
            .unwrap(),
        };
        db::migrate(&db).await.unwrap();
        TestDb { db, _postgres: postgres }
    }

    /// A service over this database with the default configuration (whatever the shell sets).
    pub fn latchkey(&self) -> Service {
        self.latchkey_with(Config::defaults())
    }

    /// A service over this database with `config` and the test key.
    pub fn latchkey_with(&self, mut config: Config) -> Service {
        config.mail.secret_key = Some(SecretKey::parse(TEST_KEY).unwrap());
        Service {
            latchkey: Latchkey::new(self.db.clone(), config.clone()).expect("services"),
            db: self.db.clone(),
            seal_key: SealKey::load(&config).unwrap(),
            config,
        }
    }
}

/// The domain's one door, [`Latchkey`], plus what a test may look at behind it: the database,
/// the configuration it was built with and the mail key.
pub struct Service {
    latchkey: Latchkey,
    pub db: DatabaseConnection,
    pub config: Config,
    pub seal_key: SealKey,
}

impl Deref for Service {
    type Target = Latchkey;

    fn deref(&self) -> &Latchkey {
        &self.latchkey
    }
}

/// A service with one enabled account for `email` whose password is [`GOOD_PASSWORD`].
pub async fn with_account(t: &TestDb, email: &str, role: Role) -> Service {
    let k = t.latchkey();
    let new = NewAccount { email: email.into(), name: None, role, password: Some(secret(GOOD_PASSWORD)) };
    k.add_account(new, 0).await.unwrap();
    k
}

pub fn secret(s: &str) -> Secret<String> {
    Secret::new(s.to_owned())
}

/// A request from nowhere in particular.
pub const ANON: latchkey_domain::audit::Client = latchkey_domain::audit::Client {
    ip: None,
    user_agent: None,
    device: None,
    session: None,
    actor: None,
    language: None,
};

pub const GOOD_PASSWORD: &str = "correct horse battery staple";

/// The `token` query parameter of a reset link.
pub fn token_of(link: &Secret<String>) -> Secret<String> {
    let url = url::Url::parse(link.expose()).unwrap();
    let token = url.query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
    Secret::new(token)
}

/// A transport to an SMTP port where nothing listens (port 9 of the loopback interface).
pub fn unreachable_smtp() -> Transport {
    let mut config = Config::defaults();
    config.mail.smtp_url = Some(Secret::new("smtp://127.0.0.1:9".to_owned()));
    Transport::from_config(&config).unwrap()
}

/// A temporary directory for development mail, and a transport that writes there.
pub fn mail_dir() -> (tempfile::TempDir, Transport) {
    let dir = tempfile::tempdir().unwrap();
    let transport = Transport::Files(dir.path().to_owned());
    (dir, transport)
}

/// The outbox rows of one kind, oldest first.
pub async fn queued(k: &Service, kind: MailKind) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find().filter(mail_outbox::Column::Kind.eq(kind)).all(&k.db).await.unwrap()
}

/// The newest confirmation link mailed to `email`, read out of the (encrypted) outbox.
pub async fn confirmation_link(k: &Service, email: &str) -> Secret<String> {
    let rows = queued(k, MailKind::SignupConfirm).await;
    let row = rows.iter().rev().find(|r| r.recipient == email).expect("a confirmation email is queued");
    k.seal_key.open(row.sealed_payload.as_deref().unwrap(), &row.recipient).unwrap()
}

/// The app's code for `secret` at `at`, as the person's phone would show it.
pub fn totp_code(secret: &str, at: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
    totp_rs::Builder::new().with_secret(bytes.as_bytes().to_vec()).build_noncompliant().generate(at as u64).to_string()
}
