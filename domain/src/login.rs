//! Signing in with an email and a password.

use latchkey_policy::{EmailProblem, check_email};

use crate::{
    Error, Latchkey,
    accounts::{self, Account},
    secret::Secret,
    sessions::{self, Timeouts},
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
        Timeouts {
            idle: self.config.session_idle_timeout,
            absolute: self.config.session_absolute_timeout,
        }
    }

    /// Checks the credentials and starts a new session (a fresh id at every login, so a
    /// session id planted before login is worthless after it).
    pub async fn login(
        &self,
        email: &str,
        password: &Secret<String>,
        now: i64,
    ) -> Result<SignedIn, LoginError> {
        check_email(email).map_err(LoginError::InvalidEmail)?;
        // Oversized input is refused before any hashing work.
        let length = password.expose().chars().count();
        if length == 0 || length > self.config.password_policy.max_length {
            return Err(LoginError::InvalidPassword);
        }
        let account = accounts::find_by_email(&self.db, email).await?;
        let usable = account
            .as_ref()
            .filter(|a| !a.disabled)
            .and_then(|a| a.password_hash.as_deref());
        // Always one Argon2 verification, so the response time does not reveal whether the
        // account exists.
        let matches = self.hasher.verify(password, usable).await?;
        match account {
            Some(account) if matches => {
                let session =
                    sessions::start(&self.db, account.id, self.session_timeouts(), now).await?;
                Ok(SignedIn { account, session })
            }
            _ => Err(LoginError::InvalidCredentials),
        }
    }
}
