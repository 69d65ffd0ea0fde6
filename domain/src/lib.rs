//! Latchkey's core: accounts, sessions, passwords and configuration.
//!
//! Nothing here knows about HTTP. Services take the clock as a `now` argument (Unix seconds),
//! read once at the edge, so expiry is tested by passing a later `now`, never by sleeping.

pub mod accounts;
pub mod audit;
mod common_passwords;
pub mod config;
pub mod db;
mod error;
pub mod housekeeping;
pub mod login;
pub mod mail;
pub mod password;
pub mod recovery;
pub mod secret;
pub mod sessions;
pub mod throttle;
pub mod token;

pub use error::Error;

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct Latchkey {
    pub db: DatabaseConnection,
    pub config: Arc<config::Config>,
    pub hasher: password::PasswordHasher,
    /// Encrypts the secret part of queued mail.
    pub seal_key: mail::SealKey,
    /// Wakes this process's mail worker when mail is queued; other processes find it by polling.
    pub mail_wakeup: Arc<Notify>,
}

impl Latchkey {
    /// Fails only when the mail encryption key cannot be read or created.
    pub fn new(db: DatabaseConnection, config: config::Config) -> Result<Self, Error> {
        let seal_key = mail::SealKey::load(&config)?;
        Ok(Latchkey {
            db,
            config: Arc::new(config),
            hasher: password::PasswordHasher::new(),
            seal_key,
            mail_wakeup: Arc::new(Notify::new()),
        })
    }
}

/// Every rule a new password breaks: the shared policy (the same code the browser runs) plus
/// the server-only check against the bundled list of common passwords.
pub fn check_new_password(
    policy: &latchkey_policy::PasswordPolicy,
    password: &str,
    email: &str,
) -> Vec<latchkey_policy::PasswordProblem> {
    use latchkey_policy::PasswordProblem;
    let mut problems = latchkey_policy::check_password(policy, password, email);
    let oversized = problems.iter().any(|p| matches!(p, PasswordProblem::TooLong { .. }));
    if !oversized && common_passwords::is_common(password) {
        problems.push(PasswordProblem::TooCommon);
    }
    problems
}

/// The current time in Unix seconds: read at the edges, then passed down as `now`.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
