//! Latchkey's core: accounts, sessions, passwords and configuration.
//!
//! Nothing here knows about HTTP. Services take the clock as a `now` argument (Unix seconds),
//! read once at the edge, so expiry is tested by passing a later `now`, never by sleeping.

pub mod accounts;
pub mod config;
pub mod db;
mod error;
pub mod login;
pub mod password;
pub mod secret;
pub mod sessions;
pub mod token;

pub use error::Error;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct Latchkey {
    pub db: DatabaseConnection,
    pub config: Arc<config::Config>,
    pub hasher: password::PasswordHasher,
}

impl Latchkey {
    pub fn new(db: DatabaseConnection, config: config::Config) -> Self {
        Latchkey {
            db,
            config: Arc::new(config),
            hasher: password::PasswordHasher::new(),
        }
    }
}

/// The current time in Unix seconds: read at the edges, then passed down as `now`.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
