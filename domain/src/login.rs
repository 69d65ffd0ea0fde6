//! Signing in with an email and a password.

use latchkey_policy::{EmailProblem, PASSWORD_MAX_CHARS, check_email, normalise_email};

use crate::{
    Error, Latchkey,
    accounts::{self, Account},
    audit::{self, AuditKind, Client},
    secret::Secret,
    sessions::{self, Timeouts},
    throttle,
};

/// What a login attempt can fail with. Unknown email, wrong password, a disabled account and
/// an account without a password are deliberately one variant.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("invalid email: {0}")]
    InvalidEmail(EmailProblem),
    #[error("password missing or over the maximum length")]
    InvalidPassword,
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many recent failures for this address; the password was not checked.
    #[error("too many failed logins; retry in {retry_after} s")]
    Throttled { retry_after: i64 },
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<sea_orm::DbErr> for LoginError {
    fn from(err: sea_orm::DbErr) -> Self {
        LoginError::Internal(err.into())
    }
}

pub struct SignedIn {
    pub account: Account,
    /// The new session's token, for the cookie.
    pub session: Secret<String>,
}

impl Latchkey {
    pub fn session_timeouts(&self) -> Timeouts {
        Timeouts { idle: self.config.session_idle_timeout, absolute: self.config.session_absolute_timeout }
    }

    /// Checks the credentials and starts a new session (a fresh id at every login, so a
    /// session id planted before login is worthless after it). An address with too many recent
    /// failures is throttled before its password is looked at.
    pub async fn login(
        &self,
        email: &str,
        password: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<SignedIn, LoginError> {
        check_email(email).map_err(LoginError::InvalidEmail)?;
        // Oversized input is refused before any hashing work. The hard limit, not the policy's
        // (which an operator may lower later), so that existing passwords keep working.
        let length = password.expose().chars().count();
        if length == 0 || length > PASSWORD_MAX_CHARS {
            return Err(LoginError::InvalidPassword);
        }
        let address = normalise_email(email);
        if let Some(limited) = throttle::login_blocked(&self.db, &address, now).await? {
            audit::record(&self.db, AuditKind::LoginThrottled, None, Some(email), client, now).await?;
            return Err(LoginError::Throttled { retry_after: limited.retry_after });
        }
        let account = accounts::find_by_email(&self.db, email).await?;
        let usable = account.as_ref().filter(|a| !a.disabled).and_then(|a| a.password_hash.as_deref());
        // Always one Argon2 verification, so the response time does not reveal whether the
        // account exists.
        let matches = self.hasher.verify(password, usable).await?;
        match account {
            Some(account) if matches => {
                throttle::clear_login_failures(&self.db, &address).await?;
                let session = sessions::start(&self.db, account.id, self.session_timeouts(), now).await?;
                audit::record(&self.db, AuditKind::LoginSucceeded, Some(account.id), Some(email), client, now).await?;
                Ok(SignedIn { account, session })
            }
            account => {
                throttle::record_login_failure(&self.db, &address, now).await?;
                let id = account.map(|a| a.id);
                audit::record(&self.db, AuditKind::LoginFailed, id, Some(email), client, now).await?;
                Err(LoginError::InvalidCredentials)
            }
        }
    }

    /// Ends the session behind a cookie token (log out). Ending an unknown session is fine.
    pub async fn logout(&self, token: &str, client: &Client, now: i64) -> Result<(), Error> {
        let account = sessions::resume(&self.db, token, self.session_timeouts(), now).await?;
        sessions::end(&self.db, token).await?;
        if let Some(account) = account {
            audit::record(&self.db, AuditKind::SessionEnded, Some(account.id), Some(&account.email), client, now)
                .await?;
        }
        Ok(())
    }
}
