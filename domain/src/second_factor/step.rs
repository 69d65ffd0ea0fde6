//! The login's second step. A right password for an account with a second factor signs nobody
//! in: it leaves a pending login (a random token in a five-minute cookie, its hash here), and
//! only a right code for it starts the session. Every code typed is counted in the same
//! allowance as the account's passwords; a few wrong ones end the step.

use entity::{pending_login, recovery_code, totp_factor};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

use super::{codes_left, compact, totp};
use crate::{
    Error, Latchkey,
    accounts::{Account, find_by_id},
    audit::{self, AuditKind, Client},
    login::SignedIn,
    mail::MailKind,
    secret::Secret,
    sessions::Amr,
    throttle, token,
};

/// How long the step between the password and the code lasts.
pub const PENDING_SECONDS: i64 = 300;
/// Wrong codes that end a step (the person logs in again).
pub const WRONG_CODES_ALLOWED: i32 = 3;

/// A second factor an account can finish a login with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// An authenticator app's code (or a recovery code).
    Totp,
    /// A passkey of the account.
    Passkey,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Passkey => "passkey",
        }
    }
}

/// A right password waiting for its second factor.
#[derive(Debug)]
pub struct PendingLogin {
    pub account: Account,
    /// For the pending-login cookie.
    pub token: Secret<String>,
    pub methods: Vec<Method>,
}

#[derive(Debug, thiserror::Error)]
pub enum SecondStepError {
    /// No pending login for this browser: never begun, over five minutes old, ended by wrong
    /// codes, or already finished. The person logs in again.
    #[error("the sign-in step has ended; log in again")]
    Ended,
    /// `ended`: that was the last wrong code this step allows.
    #[error("wrong code")]
    WrongCode { ended: bool },
    #[error("too many failed attempts; retry in {retry_after} s")]
    Throttled { retry_after: i64 },
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for SecondStepError {
    fn from(err: DbErr) -> Self {
        SecondStepError::Internal(err.into())
    }
}

/// Which code was right.
enum Passed {
    App,
    RecoveryCode { left: u64 },
}

/// Begins the second step for `account`, whose password was right and which has `methods`.
pub(crate) async fn begin(
    db: &impl ConnectionTrait,
    account: Account,
    methods: Vec<Method>,
    now: i64,
) -> Result<PendingLogin, Error> {
    let (token, token_hash) = token::new_token()?;
    pending_login::ActiveModel {
        token_hash: Set(token_hash),
        account_id: Set(account.id),
        expires_at: Set(now + PENDING_SECONDS),
        failures: Set(0),
    }
    .insert(db)
    .await?;
    Ok(PendingLogin { account, token, methods })
}

impl Latchkey {
    /// The methods the pending login behind `token` can be finished with; `None` when there is
    /// no such step (any more).
    pub async fn pending_login(&self, token: &str, now: i64) -> Result<Option<Vec<Method>>, Error> {
        match live_step(&self.db, token, now).await? {
            Some(step) => Ok(Some(super::methods(&self.db, step.account_id).await?)),
            None => Ok(None),
        }
    }

    /// Finishes the login behind the pending-login `token` with an app code or a recovery code,
    /// and starts the session (a fresh id, as any login).
    pub async fn finish_login(
        &self,
        token: &str,
        code: &str,
        client: &Client,
        now: i64,
    ) -> Result<SignedIn, SecondStepError> {
        let step = live_step(&self.db, token, now).await?.ok_or(SecondStepError::Ended)?;
        let Some(account) = find_by_id(&self.db, step.account_id).await?.filter(|a| !a.disabled) else {
            pending_login::Entity::delete_by_id(step.token_hash).exec(&self.db).await?;
            return Err(SecondStepError::Ended);
        };
        let address = account.email_normalized.clone();
        let scope = self.login_scope(&address, client);
        // One transaction for the whole step, begun with a write: the attempt counted, the code
        // used up and the session started, or nothing. Steps take turns to write here (see
        // `GroupCommit::exclusive`), not in SQLite's busy handler, which sleeps.
        let _turn = self.writes.exclusive().await;
        let txn = self.db.begin().await?;
        if let Err(limited) = throttle::count_login_attempt(&txn, &address, &scope, now).await? {
            audit::record(&txn, AuditKind::LoginThrottled, Some(account.id), Some(&account.email), client, now).await?;
            txn.commit().await?;
            return Err(SecondStepError::Throttled { retry_after: limited.retry_after });
        }
        let Some(passed) = self.check_code(&txn, &account, &compact(code), now).await? else {
            let ended = count_wrong_code(&txn, &step).await?;
            audit::record(&txn, AuditKind::SecondFactorFailed, Some(account.id), Some(&account.email), client, now)
                .await?;
            txn.commit().await?;
            metrics::counter!("latchkey_second_steps_total", "outcome" => "invalid").increment(1);
            return Err(SecondStepError::WrongCode { ended });
        };
        // The step is used once, even if two right codes arrive together.
        if pending_login::Entity::delete_by_id(step.token_hash).exec(&txn).await?.rows_affected != 1 {
            return Err(SecondStepError::Ended);
        }
        audit::record(&txn, AuditKind::SecondFactorUsed, Some(account.id), Some(&account.email), client, now).await?;
        if let Passed::RecoveryCode { left } = passed {
            audit::record(&txn, AuditKind::RecoveryCodeUsed, Some(account.id), Some(&account.email), client, now)
                .await?;
            let left = Secret::new(left.to_string());
            self.notify(&txn, &account, MailKind::RecoveryCodeUsed, Some(&left), client, now).await?;
        }
        let (account, session) = self.sign_in(&txn, account, Amr::PasswordAndCode, &scope, client, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        let device = self.device_key.issue(&address)?;
        metrics::counter!("latchkey_second_steps_total", "outcome" => "success").increment(1);
        metrics::counter!("latchkey_logins_total", "outcome" => "success").increment(1);
        Ok(SignedIn { account, session, device, second_factor_missing: false })
    }

    /// Uses up `code` if it is right: an app code of a later step than any accepted before
    /// (one conditional update, so of two servers given the same code one accepts it), or an
    /// unused recovery code (likewise).
    async fn check_code(
        &self,
        txn: &impl ConnectionTrait,
        account: &Account,
        code: &str,
        now: i64,
    ) -> Result<Option<Passed>, Error> {
        if totp::looks_like_app_code(code) {
            let Some(factor) = totp_factor::Entity::find_by_id(account.id).one(txn).await? else {
                return Ok(None);
            };
            let secret = totp::open_secret(&self.factor_key, &factor.sealed_secret, account.id).ok_or_else(|| {
                Error::System(
                    "cannot decrypt an authenticator secret: was LATCHKEY_SECRET_KEY or the key file changed?".into(),
                )
            })?;
            let Some(step) = totp::step_of(&secret, code, now).filter(|&step| step > factor.last_step) else {
                return Ok(None);
            };
            let taken = totp_factor::Entity::update_many()
                .col_expr(totp_factor::Column::LastStep, Expr::value(step))
                .filter(totp_factor::Column::AccountId.eq(account.id))
                .filter(totp_factor::Column::LastStep.lt(step))
                .exec(txn)
                .await?;
            return Ok((taken.rows_affected == 1).then_some(Passed::App));
        }
        let used = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
            .filter(recovery_code::Column::CodeHash.eq(self.code_key.hash(account.id, code)))
            .filter(recovery_code::Column::AccountId.eq(account.id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(txn)
            .await?;
        if used.rows_affected != 1 {
            return Ok(None);
        }
        Ok(Some(Passed::RecoveryCode { left: codes_left(txn, account.id).await? }))
    }
}

/// The pending login behind `token`, if it is still open. One found expired is deleted.
pub(super) async fn live_step(
    db: &impl ConnectionTrait,
    token: &str,
    now: i64,
) -> Result<Option<pending_login::Model>, DbErr> {
    let Some(step) = pending_login::Entity::find_by_id(token::hash_token(token)).one(db).await? else {
        return Ok(None);
    };
    if now >= step.expires_at || step.failures >= WRONG_CODES_ALLOWED {
        pending_login::Entity::delete_by_id(step.token_hash).exec(db).await?;
        return Ok(None);
    }
    Ok(Some(step))
}

/// Counts a wrong code in the step; returns whether that ended it.
async fn count_wrong_code(db: &impl ConnectionTrait, step: &pending_login::Model) -> Result<bool, DbErr> {
    let this_step = pending_login::Column::TokenHash.eq(step.token_hash.as_str());
    pending_login::Entity::update_many()
        .col_expr(pending_login::Column::Failures, Expr::col(pending_login::Column::Failures).add(1))
        .filter(this_step.clone())
        .exec(db)
        .await?;
    // Counted in the database, not from the row read before: of wrong codes that arrive
    // together, each is counted and the one that reaches the limit ends the step.
    let ended = pending_login::Entity::delete_many()
        .filter(this_step)
        .filter(pending_login::Column::Failures.gte(WRONG_CODES_ALLOWED))
        .exec(db)
        .await?;
    Ok(ended.rows_affected == 1)
}

/// Removes pending logins that can no longer be finished.
pub async fn purge_expired(db: &impl ConnectionTrait, now: i64) -> Result<u64, DbErr> {
    let result =
        pending_login::Entity::delete_many().filter(pending_login::Column::ExpiresAt.lte(now)).exec(db).await?;
    Ok(result.rows_affected)
}
