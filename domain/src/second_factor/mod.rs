//! A second factor: an authenticator app (RFC 6238) and its recovery codes. Turning it on,
//! turning it off and new codes each need a recent sign-in (the password, or a code, typed in
//! this session within the last ten minutes), are audited and email the person. A reset of the
//! password leaves every factor in place; an API Owner's reset of the factors removes them all
//! and ends every session. The login's second step is in [`step`].

pub mod passkeys;
pub mod recovery_codes;
mod step;
pub mod totp;
mod webauthn;

use entity::{recovery_code, totp_factor};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};

pub(crate) use step::begin as begin_step;
pub use step::{
    Method, PENDING_SECONDS, PendingLogin, SecondStepError, WRONG_CODES_ALLOWED, purge_expired as purge_pending_logins,
};

use crate::{
    Error, Latchkey,
    account_admin::ManageError,
    accounts::{Account, find_by_email},
    audit::{self, AuditKind, Client},
    mail::MailKind,
    profile::ChangePasswordError,
    secret::Secret,
    sessions::{self, Resumed},
    webhooks::WebhookEvent,
};

/// How long a typed password (or code) counts as a recent sign-in, for changes to the factors.
pub const RECENT_SIGN_IN_SECONDS: i64 = 600;
/// How long new recovery codes wait for the page that shows them.
pub const CODES_SHOWN_FOR_SECONDS: i64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum FactorError {
    #[error("not signed in")]
    NotSignedIn,
    /// The change needs the password typed again first.
    #[error("confirm your password first")]
    NeedsRecentSignIn,
    #[error("wrong password")]
    WrongPassword,
    #[error("too many failed attempts; retry in {retry_after} s")]
    Throttled { retry_after: i64 },
    #[error("wrong code")]
    WrongCode,
    /// The setup page is over an hour old (or its form was tampered with).
    #[error("the setup page expired")]
    SetupExpired,
    #[error("an authenticator app is already on")]
    AlreadyOn,
    #[error("no authenticator app is on")]
    NotOn,
    /// A passkey's name is empty or longer than `PASSKEY_NAME_MAX_CHARS`.
    #[error("name the passkey (up to 64 characters)")]
    PasskeyName,
    /// The browser's answer did not check out (the detail is logged).
    #[error("that passkey was not accepted")]
    PasskeyRefused,
    #[error("no such passkey")]
    NoSuchPasskey,
    /// `LATCHKEY_BASE_URL` names no domain, and WebAuthn has none to bind passkeys to.
    #[error("passkeys need LATCHKEY_BASE_URL with a domain name")]
    PasskeysUnavailable,
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for FactorError {
    fn from(err: DbErr) -> Self {
        FactorError::Internal(err.into())
    }
}

/// What the security page shows: a person's second factor, and where they are signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    pub account: Account,
    /// An authenticator app is on.
    pub app: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: u64,
    /// The account's passkeys, oldest first.
    pub passkeys: Vec<passkeys::Passkey>,
    /// The password (or a code) was typed in this session in the last ten minutes.
    pub recent_sign_in: bool,
    /// `LATCHKEY_REQUIRE_SECOND_FACTOR` asks for a factor before anything else.
    pub required: bool,
    /// Every live session of the account, this browser's first.
    pub sessions: Vec<sessions::ActiveSession>,
}

impl Latchkey {
    /// The second factor and the sessions of the account signed in with `token`.
    pub async fn security_overview(&self, token: &str, now: i64) -> Result<Overview, FactorError> {
        let session = self.live_session(token, now).await?.ok_or(FactorError::NotSignedIn)?;
        let id = session.account.id;
        Ok(Overview {
            app: has_app(&self.db, id).await?,
            recovery_codes_left: codes_left(&self.db, id).await?,
            passkeys: passkeys::list(&self.db, id).await?,
            recent_sign_in: recent(&session, now),
            required: session.second_factor_missing,
            sessions: sessions::list(&self.db, id, token, self.session_timeouts(), now).await?,
            account: session.account,
        })
    }

    /// Checks the password of the account signed in with `token` (counted like a login
    /// attempt) and notes it as a recent sign-in of this session.
    pub async fn confirm_password(
        &self,
        token: &str,
        password: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<(), FactorError> {
        let session = self.live_session(token, now).await?.ok_or(FactorError::NotSignedIn)?;
        self.check_current_password(&session.account, password, client, now).await.map_err(|err| match err {
            ChangePasswordError::Throttled { retry_after } => FactorError::Throttled { retry_after },
            ChangePasswordError::Internal(err) => FactorError::Internal(err),
            _ => FactorError::WrongPassword,
        })?;
        let account = &session.account;
        let txn = self.db.begin().await?;
        sessions::mark_verified(&txn, token, now).await?;
        audit::record(&txn, AuditKind::PasswordConfirmed, Some(account.id), Some(&account.email), client, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A new secret for the account signed in with `token` to add to an app (`sealed`:
    /// `None`), or the one sealed in the setup form again: nothing is stored until
    /// [`Latchkey::turn_on_app`] is given a code of it.
    pub async fn app_setup(&self, token: &str, sealed: Option<&str>, now: i64) -> Result<totp::Setup, FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        if has_app(&self.db, account.id).await? {
            return Err(FactorError::AlreadyOn);
        }
        let (key, portal, email) = (&self.factor_key, &self.config.http.portal_name, &account.email);
        match sealed {
            None => Ok(totp::new_setup(key, account.id, portal, email, now)?),
            Some(sealed) => {
                Ok(totp::reopen_setup(key, sealed, account.id, portal, email, now)
                    .ok_or(FactorError::SetupExpired)??)
            }
        }
    }

    /// Turns the app on, given the setup's sealed secret and a code the app shows for it; returns
    /// the ten recovery codes, which are never shown again.
    pub async fn turn_on_app(
        &self,
        token: &str,
        sealed_setup: &str,
        code: &str,
        client: &Client,
        now: i64,
    ) -> Result<Vec<Secret<String>>, FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        let secret =
            totp::open_setup(&self.factor_key, sealed_setup, account.id, now).ok_or(FactorError::SetupExpired)?;
        let step = totp::step_of(&secret, &compact(code), now).ok_or(FactorError::WrongCode)?;
        let txn = self.db.begin().await?;
        let inserted = totp_factor::Entity::insert(totp_factor::ActiveModel {
            account_id: Set(account.id),
            sealed_secret: Set(totp::seal_secret(&self.factor_key, &secret, account.id)?),
            last_step: Set(step),
            created_at: Set(now),
        })
        .on_conflict_do_nothing()
        .exec_without_returning(&txn)
        .await?;
        if !matches!(inserted, sea_orm::TryInsertResult::Inserted(rows) if rows == 1) {
            return Err(FactorError::AlreadyOn);
        }
        let codes = replace_codes(&txn, self, account.id, now).await?;
        self.notify(&txn, &account, MailKind::SecondFactorOn, None, client, now).await?;
        audit::record(&txn, AuditKind::SecondFactorAdded, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::SecondFactorAdded, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(codes)
    }

    /// Turns the app off and drops the recovery codes.
    pub async fn turn_off_app(&self, token: &str, client: &Client, now: i64) -> Result<(), FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        let txn = self.db.begin().await?;
        if remove_factors(&txn, account.id).await? == 0 {
            return Err(FactorError::NotOn);
        }
        self.notify(&txn, &account, MailKind::SecondFactorOff, None, client, now).await?;
        audit::record(&txn, AuditKind::SecondFactorRemoved, Some(account.id), Some(&account.email), client, now)
            .await?;
        self.announce(&txn, WebhookEvent::SecondFactorRemoved, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(())
    }

    /// Ten new recovery codes in place of the old ones.
    pub async fn new_recovery_codes(
        &self,
        token: &str,
        client: &Client,
        now: i64,
    ) -> Result<Vec<Secret<String>>, FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        if !has_app(&self.db, account.id).await? {
            return Err(FactorError::NotOn);
        }
        let txn = self.db.begin().await?;
        let codes = replace_codes(&txn, self, account.id, now).await?;
        self.notify(&txn, &account, MailKind::RecoveryCodesCreated, None, client, now).await?;
        audit::record(&txn, AuditKind::RecoveryCodesCreated, Some(account.id), Some(&account.email), client, now)
            .await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(codes)
    }

    /// For a person who lost every factor (an API Owner's **Reset two-step verification**, or
    /// `latchkey user reset-second-factor`): removes the app, the recovery codes and the
    /// passkeys, ends every session of the account and emails the person. Resetting an account without a factor
    /// changes nothing but still ends its sessions.
    pub async fn reset_second_factor(&self, email: &str, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        let account = find_by_email(&txn, email).await?.ok_or_else(|| ManageError::NoSuchAccount(email.to_owned()))?;
        let removed = remove_factors(&txn, account.id).await? + passkeys::remove_all(&txn, account.id).await?;
        sessions::end_all(&txn, account.id).await?;
        if removed > 0 {
            self.notify(&txn, &account, MailKind::SecondFactorOff, None, client, now).await?;
            self.announce(&txn, WebhookEvent::SecondFactorRemoved, &account, now).await?;
        }
        audit::record(&txn, AuditKind::SecondFactorReset, Some(account.id), Some(&account.email), client, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(account)
    }

    /// Secrets shown once (new recovery codes, a new application's secret), sealed for the page
    /// that shows them to `account_id`: they wait in a cookie of this browser, never in the
    /// database. `what` names them, so that one kind is never opened as another.
    pub fn seal_to_show(
        &self,
        what: &str,
        account_id: i64,
        words: &[Secret<String>],
        now: i64,
    ) -> Result<String, Error> {
        let words: Vec<&str> = words.iter().map(|word| word.expose().as_str()).collect();
        self.factor_key.seal(&format!("{now} {}", words.join(" ")), &format!("{what} {account_id}"))
    }

    /// What [`Latchkey::seal_to_show`] sealed as `what` for `account_id`, if it was in the last
    /// five minutes.
    pub fn open_to_show(&self, what: &str, account_id: i64, sealed: &str, now: i64) -> Option<Vec<Secret<String>>> {
        let opened = self.factor_key.open(sealed, &format!("{what} {account_id}"))?;
        let mut words = opened.expose().split(' ');
        let at: i64 = words.next()?.parse().ok()?;
        (now - at <= CODES_SHOWN_FOR_SECONDS && at <= now).then(|| words.map(|w| Secret::new(w.to_owned())).collect())
    }

    /// The account signed in with `token`, if its password (or a code) was typed recently.
    async fn recently_signed_in(&self, token: &str, now: i64) -> Result<Account, FactorError> {
        let session = self.live_session(token, now).await?.ok_or(FactorError::NotSignedIn)?;
        if !recent(&session, now) {
            return Err(FactorError::NeedsRecentSignIn);
        }
        Ok(session.account)
    }
}

fn recent(session: &Resumed, now: i64) -> bool {
    now - session.verified_at <= RECENT_SIGN_IN_SECONDS
}

/// A code as typed, without the spaces an app shows in it (`123 456`).
fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the account has an authenticator app.
async fn has_app(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(totp_factor::Entity::find_by_id(account_id).count(db).await? > 0)
}

/// The second factors the account has; none, and a right password alone signs in.
pub(crate) async fn methods(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<Method>, DbErr> {
    let mut methods = Vec::new();
    if has_app(db, account_id).await? {
        methods.push(Method::Totp);
    }
    if passkeys::has_passkey(db, account_id).await? {
        methods.push(Method::Passkey);
    }
    Ok(methods)
}

/// Whether the account has a second factor (then a right password alone signs nobody in).
pub(crate) async fn has_second_factor(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(!methods(db, account_id).await?.is_empty())
}

async fn codes_left(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    recovery_code::Entity::find()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await
}

/// Removes the app and the codes; returns how many apps were removed (0 or 1).
async fn remove_factors(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(totp_factor::Entity::delete_by_id(account_id).exec(db).await?.rows_affected)
}

async fn replace_codes(
    db: &impl ConnectionTrait,
    k: &Latchkey,
    account_id: i64,
    now: i64,
) -> Result<Vec<Secret<String>>, Error> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::AccountId.eq(account_id)).exec(db).await?;
    let codes = recovery_codes::new_codes()?;
    let rows = codes.iter().map(|code| recovery_code::ActiveModel {
        code_hash: Set(k.code_key.hash(account_id, code.expose())),
        account_id: Set(account_id),
        created_at: Set(now),
        used_at: Set(None),
    });
    recovery_code::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(codes)
}
