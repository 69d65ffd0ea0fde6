//! What a signed-in person changes about their own account: the password and the display
//! name. Each takes the session's cookie token, so only a live session can do either.

use entity::account;
use latchkey_policy::{NameProblem, PasswordProblem, check_name, normalise_email};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DbErr, TransactionTrait};

use crate::{
    Error, Latchkey,
    accounts::Account,
    audit::{self, AuditKind, Client},
    mail::{MailKind, outbox},
    recovery::revoke_links,
    secret::Secret,
    sessions::{self, Amr},
    throttle,
    webhooks::WebhookEvent,
};

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("not signed in")]
    NotSignedIn,
    /// The current password was wrong; the attempt counted toward the login throttle.
    #[error("the current password is wrong")]
    WrongPassword,
    /// Too many wrong passwords for this account from this client; nothing was checked.
    #[error("too many failed attempts; retry in {retry_after} s")]
    Throttled { retry_after: i64 },
    #[error("the new password does not meet the policy")]
    Rejected(Vec<PasswordProblem>),
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for ChangePasswordError {
    fn from(err: DbErr) -> Self {
        ChangePasswordError::Internal(err.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("{0}")]
    Rejected(NameProblem),
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for RenameError {
    fn from(err: DbErr) -> Self {
        RenameError::Internal(err.into())
    }
}

/// A changed password: the account, and the token of the session that replaces the one the
/// change was made in (a fresh id; every other session has ended).
#[derive(Debug)]
pub struct PasswordChanged {
    pub account: Account,
    pub session: Secret<String>,
}

impl Latchkey {
    /// Changes the password of the account signed in with `token`. The new password is checked
    /// first (no hashing for one that breaks the policy); then the current one, counted like a
    /// login attempt, so this form is no way round the login throttle. On success, in one
    /// transaction: the new hash, every link revoked, every session ended and a new one started
    /// for this browser, the "password changed" email queued.
    pub async fn change_password(
        &self,
        token: &str,
        current: &Secret<String>,
        new: &Secret<String>,
        confirm: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<PasswordChanged, ChangePasswordError> {
        let signed_in = self.live_session(token, now).await?.ok_or(ChangePasswordError::NotSignedIn)?;
        let (account, amr) = (signed_in.account, signed_in.amr);
        let new = crate::new_password(&self.config.password, new, confirm, &account.email)
            .map_err(ChangePasswordError::Rejected)?;
        self.check_current_password(&account, current, client, now).await?;
        let hash = self.hasher.hash(&new).await?;

        let txn = self.db.begin().await?;
        let mut row: account::ActiveModel = account.into();
        row.password_hash = Set(Some(hash));
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        revoke_links(&txn, account.id, now).await?;
        sessions::end_all(&txn, account.id).await?;
        // This browser stays signed in as it was (with its second factor, if it used one).
        let amr = Amr::of_stored(&amr);
        let session = sessions::start(&txn, account.id, amr, client, self.session_timeouts(), now).await?;
        let language = client.language.as_deref();
        outbox::message(&self.seal_key, MailKind::PasswordChanged, &account.email, None, language, now)?
            .insert(&txn)
            .await?;
        throttle::clear_all_login_attempts(&txn, &account.email_normalized).await?;
        audit::record(&txn, AuditKind::PasswordChanged, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::PasswordChanged, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        tracing::info!(account = account.id, "password changed");
        Ok(PasswordChanged { account, session })
    }

    /// Counts the attempt (see [`Latchkey::login`]) and checks `current` against the stored hash.
    /// An empty password, or one longer than anyone's, is wrong without an attempt or a hash.
    pub(crate) async fn check_current_password(
        &self,
        account: &Account,
        current: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<(), ChangePasswordError> {
        let length = current.expose().chars().count();
        if length == 0 || length > latchkey_policy::PASSWORD_MAX_CHARS {
            return Err(ChangePasswordError::WrongPassword);
        }
        let address = normalise_email(&account.email);
        let scope = self.login_scope(&address, client);
        if let Err(limited) = throttle::count_login_attempt(&self.db, &address, &scope, now).await? {
            audit::record(&self.db, AuditKind::LoginThrottled, Some(account.id), Some(&account.email), client, now)
                .await?;
            return Err(ChangePasswordError::Throttled { retry_after: limited.retry_after });
        }
        let current = crate::nfc(current);
        match self.hasher.verify(&current, account.password_hash.as_deref()).await {
            Ok(true) => Ok(()),
            Ok(false) => {
                audit::record(&self.db, AuditKind::LoginFailed, Some(account.id), Some(&account.email), client, now)
                    .await?;
                Err(ChangePasswordError::WrongPassword)
            }
            Err(err) => {
                throttle::uncount_login_attempt(&self.db, &address, &scope).await?;
                Err(err.into())
            }
        }
    }

    /// Sets the display name of the account signed in with `token` (blank removes it).
    pub async fn rename(&self, token: &str, name: &str, client: &Client, now: i64) -> Result<Account, RenameError> {
        let name = check_name(name).map_err(RenameError::Rejected)?;
        let account = self.resume_session(token, now).await?.ok_or(RenameError::NotSignedIn)?;
        if account.name == name {
            return Ok(account);
        }
        let txn = self.db.begin().await?;
        let mut row: account::ActiveModel = account.into();
        row.name = Set(name);
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        audit::record(&txn, AuditKind::NameChanged, Some(account.id), Some(&account.email), client, now).await?;
        txn.commit().await?;
        Ok(account)
    }
}
