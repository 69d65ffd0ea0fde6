//! Signing in with an email and a password.

use latchkey_policy::{EmailProblem, PASSWORD_MAX_CHARS, check_email, normalise_email, normalise_password};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, TransactionTrait};

use crate::{
    Error, Latchkey,
    accounts::{self, Account},
    audit::{self, AuditKind, Client},
    client_info,
    mail::MailKind,
    second_factor::{self, PendingLogin},
    secret::Secret,
    sessions::{self, Amr},
    throttle::{self, LoginScope},
};

/// What a login attempt can fail with. Unknown email, wrong password, a disabled account, an
/// account without a password and a sign-up not yet confirmed or approved are deliberately one
/// variant.
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
    /// The password is right, and the account has a second factor: nobody is signed in until
    /// the second step (see `second_factor`) is finished with a right code.
    #[error("the password is right; a second factor is needed")]
    SecondStepNeeded(PendingLogin),
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
    /// A device cookie for this browser and account (see `devices`).
    pub device: Secret<String>,
    /// `LATCHKEY_REQUIRE_SECOND_FACTOR` holds this session to `/account/security` until a
    /// second factor is set up.
    pub second_factor_missing: bool,
}

impl Latchkey {
    /// Checks the credentials and starts a new session (a fresh id at every login, so a
    /// session id planted before login is worthless after it) — or, for an account with a
    /// second factor, only the second step ([`LoginError::SecondStepNeeded`]), whose attempt
    /// stays counted until a right code ends it. Each attempt is counted for the address before the password
    /// is looked at (see `LoginScope`); past the allowance the address is held for every client
    /// but the browsers that logged into it before.
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
        let scope = self.login_scope(&address, client);
        if let Err(limited) = throttle::count_login_attempt(&self.db, &address, &scope, now).await? {
            metrics::counter!("latchkey_logins_total", "outcome" => "throttled").increment(1);
            audit::record(&self.db, AuditKind::LoginThrottled, None, Some(email), client, now).await?;
            return Err(LoginError::Throttled { retry_after: limited.retry_after });
        }
        let account = accounts::find_by_email(&self.db, email).await?;
        // A sign-up waiting for its confirmation or an owner's approval cannot log in yet: it
        // gets the wrong password's answer, after the same check.
        let usable =
            account.as_ref().filter(|a| !a.disabled && a.awaiting.is_none()).and_then(|a| a.password_hash.as_deref());
        let password = Secret::new(normalise_password(password.expose()).into_owned());
        // Always one Argon2 verification, so the response time does not reveal whether the
        // account exists.
        let matches = match self.hasher.verify(&password, usable).await {
            Err(Error::Busy) => {
                throttle::uncount_login_attempt(&self.db, &address, &scope).await?;
                metrics::counter!("latchkey_logins_total", "outcome" => "shed").increment(1);
                return Err(Error::Busy.into());
            }
            other => other?,
        };
        let methods = match &account {
            Some(account) if matches => second_factor::methods(&self.db, account.id).await?,
            _ => Vec::new(),
        };
        match account {
            Some(account) if matches && !methods.is_empty() => {
                metrics::counter!("latchkey_logins_total", "outcome" => "second_step").increment(1);
                Err(LoginError::SecondStepNeeded(second_factor::begin_step(&self.db, account, methods, now).await?))
            }
            Some(account) if matches => {
                // One transaction (one sync to disk), its first statement a write so that
                // SQLite takes its write lock at once.
                let txn = self.db.begin().await?;
                let (account, session) = self.sign_in(&txn, account, Amr::Password, &scope, client, now).await?;
                txn.commit().await?;
                self.mail_wakeup.notify_one();
                let device = self.device_key.issue(&address)?;
                metrics::counter!("latchkey_logins_total", "outcome" => "success").increment(1);
                // A password alone: the account has no second factor (else the second step).
                let second_factor_missing = self.second_factor_required(&account);
                Ok(SignedIn { account, session, device, second_factor_missing })
            }
            account => {
                let id = account.map(|a| a.id);
                audit::record(&self.db, AuditKind::LoginFailed, id, Some(email), client, now).await?;
                metrics::counter!("latchkey_logins_total", "outcome" => "invalid").increment(1);
                Err(LoginError::InvalidCredentials)
            }
        }
    }

    /// Whose allowance a login attempt counts against: the browser's, when it has a device
    /// cookie for this address; else the one every stranger shares.
    pub(crate) fn login_scope(&self, address: &str, client: &Client) -> LoginScope {
        let device = client.device.as_ref().and_then(|cookie| self.device_key.verify(cookie.expose(), address));
        device.map_or(LoginScope::Strangers, LoginScope::Device)
    }
}

impl Latchkey {
    /// The end of every successful login, one step or two, in the caller's transaction: the
    /// login is noted on the account (its first statement, a write), the session this browser
    /// held before ends (another account's, or this one's), the address's failed attempts are
    /// forgiven, the new session starts and the login is audited. A browser new to the account
    /// (no device cookie of it) has the person told by email — unless the login was expected
    /// from a new browser: the account's first, or the first after a password was set through
    /// a link. Returns the account as now stored and the session's token.
    pub(crate) async fn sign_in(
        &self,
        txn: &impl ConnectionTrait,
        account: Account,
        amr: Amr,
        scope: &LoginScope,
        client: &Client,
        now: i64,
    ) -> Result<(Account, Secret<String>), Error> {
        let expected = account.next_login_expected || account.last_login_at.is_none();
        let mut row: entity::account::ActiveModel = account.into();
        row.last_login_at = Set(Some(now));
        row.next_login_expected = Set(false);
        let account = row.update(txn).await?;
        if let Some(previous) = &client.session {
            sessions::end(txn, previous.expose()).await?;
        }
        throttle::clear_login_attempts(txn, &account.email_normalized, scope).await?;
        let session = sessions::start(txn, account.id, amr, client, self.session_timeouts(), now).await?;
        if *scope == LoginScope::Strangers && !expected && self.config.mail.new_device_email {
            let detail = client_info::sign_in_detail(client);
            self.notify(txn, &account, MailKind::NewSignIn, Some(&detail), client, now).await?;
            metrics::counter!("latchkey_new_device_emails_total").increment(1);
        }
        audit::record(txn, AuditKind::LoginSucceeded, Some(account.id), Some(&account.email), client, now).await?;
        Ok((account, session))
    }
}
