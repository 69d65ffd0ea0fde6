//! Latchkey's core: accounts, sessions, passwords and configuration.
//!
//! Nothing here knows about HTTP. Services take the clock as a `now` argument (Unix seconds),
//! read once at the edge, so expiry is tested by passing a later `now`, never by sleeping.
//! The edges (server functions, HTTP middleware, CLI commands) reach all of it through the
//! methods of [`Latchkey`], whose fields are private.

pub mod account_admin;
pub mod accounts;
pub mod audit;
pub mod backup;
pub mod client_info;
mod common_passwords;
pub mod config;
pub mod db;
pub mod devices;
mod error;
mod group_commit;
pub mod housekeeping;
pub mod links;
pub mod login;
pub mod mail;
pub mod oidc;
pub mod password;
pub mod profile;
pub mod recovery;
pub mod second_factor;
pub mod secret;
pub mod sessions;
pub mod signup;
pub mod throttle;
pub mod token;
pub mod webhooks;

pub use error::Error;

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

/// Everything a request handler needs: the one door into the domain. A clone is one reference
/// count (every request clones it a few times, through the middleware and the page contexts).
#[derive(Clone)]
pub struct Latchkey(Arc<Services>);

/// What a [`Latchkey`] shares between its clones. Its fields are private: the domain's own
/// modules reach them through `Deref`, everyone else through `Latchkey`'s methods.
pub struct Services {
    db: DatabaseConnection,
    config: config::Config,
    hasher: password::PasswordHasher,
    /// Encrypts the secret part of queued mail.
    seal_key: mail::SealKey,
    /// Signs device cookies.
    device_key: devices::DeviceKey,
    /// Encrypts authenticator apps' secrets.
    factor_key: mail::SealKey,
    /// Encrypts the private parts of ID token signing keys.
    oidc_key: mail::SealKey,
    /// Hashes recovery codes.
    code_key: second_factor::recovery_codes::CodeKey,
    /// The email templates, checked when the services start.
    templates: mail::messages::Templates,
    /// Wakes this process's mail worker when mail is queued; other processes find it by polling.
    mail_wakeup: Notify,
    /// Commits the per-request writes of many requests together.
    writes: group_commit::GroupCommit,
}

impl std::ops::Deref for Latchkey {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

impl Latchkey {
    /// Fails when the key material cannot be read or created, or an email template override
    /// is broken.
    pub fn new(db: DatabaseConnection, config: config::Config) -> Result<Self, Error> {
        let material = mail::seal::key_material(&config)?;
        let templates = mail::messages::Templates::load(config.mail.template_dir.as_deref(), &config.http.brand)
            .map_err(Error::System)?;
        let seal_key = mail::SealKey::derive(material.expose());
        Ok(Latchkey(Arc::new(Services {
            writes: group_commit::GroupCommit::new(db.clone(), seal_key.clone()),
            db,
            config,
            hasher: password::PasswordHasher::new(),
            seal_key,
            device_key: devices::DeviceKey::derive(material.expose()),
            factor_key: mail::SealKey::derive_for(material.expose(), second_factor::totp::HKDF_INFO),
            oidc_key: mail::SealKey::derive_for(material.expose(), oidc::keys::HKDF_INFO),
            code_key: second_factor::recovery_codes::CodeKey::derive(material.expose()),
            templates,
            mail_wakeup: Notify::new(),
        })))
    }

    /// The validated configuration (read-only).
    pub fn config(&self) -> &config::Config {
        &self.config
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        db::ping(&self.db).await
    }

    /// How many passwords this process has verified (for metrics, and to prove that throttled
    /// logins skip the check).
    pub fn password_verifications(&self) -> u64 {
        self.hasher.verifications()
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

/// A new password typed twice, in the form it is hashed in — or every rule it breaks, a
/// mismatch of the two included. Every way a password is chosen (a link, a change, a sign-up)
/// comes through here.
fn new_password(
    policy: &latchkey_policy::PasswordPolicy,
    password: &secret::Secret<String>,
    confirm: &secret::Secret<String>,
    email: &str,
) -> Result<secret::Secret<String>, Vec<latchkey_policy::PasswordProblem>> {
    let (password, confirm) = (nfc(password), nfc(confirm));
    let mut problems = check_new_password(policy, password.expose(), email);
    if password.expose() != confirm.expose() {
        problems.push(latchkey_policy::PasswordProblem::Mismatch);
    }
    if problems.is_empty() { Ok(password) } else { Err(problems) }
}

/// A password in the form it is checked and hashed in (Unicode NFC).
fn nfc(password: &secret::Secret<String>) -> secret::Secret<String> {
    secret::Secret::new(latchkey_policy::normalise_password(password.expose()).into_owned())
}

/// The current time in Unix seconds: the one place that reads the clock. Edges call it once
/// per request and pass the result down as `now`.
#[allow(clippy::disallowed_methods)]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
