//! Password recovery: requesting a link, checking it, and redeeming it for a new password.
//!
//! Tokens are 256-bit, single use, stored only as hashes, and expire after `reset_ttl`. A new
//! request revokes earlier links; a password change revokes all. Opening a link does not use it:
//! only a successful reset does, so mail scanners that pre-fetch links cannot burn them.

use std::collections::BTreeMap;

use entity::{Awaiting, LinkPurpose, account, reset_token};
use latchkey_policy::{EmailProblem, PasswordProblem, check_email};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait, sea_query::Expr,
};

use crate::{
    Error, Latchkey,
    accounts::{self, Account},
    audit::{self, AuditKind, Client},
    links::{confirm_link, reset_link},
    mail::{MailKind, outbox},
    secret::Secret,
    sessions, throttle, token,
    webhooks::WebhookEvent,
};

/// At most this many reset emails per address per window.
pub const MAIL_CAP: u64 = 3;
pub const MAIL_CAP_WINDOW_SECONDS: i64 = 15 * 60;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// Unknown, used, expired or revoked, or the account is disabled: one answer for all.
    #[error("the reset link is invalid or has expired")]
    InvalidLink,
    #[error("the new password does not meet the policy")]
    Rejected(Vec<PasswordProblem>),
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for ResetError {
    fn from(err: DbErr) -> Self {
        ResetError::Internal(err.into())
    }
}

impl Latchkey {
    /// "Forgot password". Records the request and returns: the work (and the time it takes)
    /// is the same for every address, known or not. The mail worker then decides, through
    /// [`Latchkey::fulfil_reset_requests`], whether a link and an email follow.
    pub async fn request_reset(&self, email: &str, client: &Client, now: i64) -> Result<(), RequestError> {
        check_email(email).map_err(RequestError::InvalidEmail)?;
        self.writes.request_reset(email, client, now).await?;
        self.mail_wakeup.notify_one();
        metrics::counter!("latchkey_resets_total", "event" => "requested").increment(1);
        Ok(())
    }

    /// Turns queued reset requests into reset emails: one for an enabled account under its
    /// mail cap, nothing otherwise. Returns how many requests were handled.
    pub async fn fulfil_reset_requests(&self, now: i64) -> Result<usize, Error> {
        let mut handled = 0;
        loop {
            // One transaction per batch, its claim first (a write, which takes SQLite's write
            // lock at once; a read first would have to upgrade its lock later, which SQLite
            // refuses outright). A failure leaves the whole batch queued for the next pass.
            let _turn = self.writes.exclusive().await;
            let txn = self.db.begin().await?;
            let requests = outbox::claim_due(&txn, &[MailKind::FulfilResetRequest], outbox::REQUEST_BATCH, now).await?;
            if requests.is_empty() {
                return Ok(handled);
            }
            handled += requests.len();
            // Per address: how often it was asked for, and in which language last.
            let mut by_address: BTreeMap<String, (usize, Option<&str>)> = BTreeMap::new();
            for request in &requests {
                let address = latchkey_policy::normalise_email(&request.recipient);
                let (asked, last) = by_address.entry(address).or_default();
                (*asked, *last) = (*asked + 1, request.language.as_deref());
            }
            outbox::mark_all_done(&txn, requests.iter().map(|r| r.id).collect(), now).await?;
            // The batch's accounts in one query; unknown addresses get nothing. By id: servers
            // sharing a PostgreSQL database lock them in one order (see `fulfil_for`).
            let known = account::Entity::find()
                .filter(account::Column::EmailNormalized.is_in(by_address.keys().cloned()))
                .filter(account::Column::Disabled.eq(false))
                .order_by_asc(account::Column::Id)
                .all(&txn)
                .await?;
            for account in &known {
                if let Some(&(asked, language)) = by_address.get(&account.email_normalized) {
                    self.fulfil_for(&txn, account, asked, language, now).await?;
                }
            }
            txn.commit().await?;
        }
    }

    /// `asked` requests for one enabled account: a link and an email for each while its address
    /// is under its cap (each link revoking the one before), written in `language`.
    async fn fulfil_for(
        &self,
        txn: &impl ConnectionTrait,
        account: &Account,
        asked: usize,
        language: Option<&str>,
        now: i64,
    ) -> Result<(), Error> {
        // Lock the account's row until this transaction ends, so that two servers fulfilling
        // requests for one address count and issue one after the other: the cap holds.
        accounts::lock_rows(txn, account::Column::Id.eq(account.id)).await?;
        let recent = reset_token::Entity::find()
            .filter(reset_token::Column::AccountId.eq(account.id))
            .filter(reset_token::Column::CreatedAt.gt(now - MAIL_CAP_WINDOW_SECONDS))
            .count(txn)
            .await?;
        let allowed = MAIL_CAP.saturating_sub(recent).min(asked as u64);
        if allowed < asked as u64 {
            tracing::info!(account = account.id, "reset email not sent: address is over its cap");
        }
        for _ in 0..allowed {
            let link = self.issue_link(txn, account, LinkPurpose::Password, self.config.limits.reset_ttl, now).await?;
            let email = &account.email;
            outbox::message(&self.seal_key, MailKind::ResetLink, email, Some(&link), language, now)?
                .insert(txn)
                .await?;
        }
        Ok(())
    }

    /// An administrator's reset link for `email` (no email is sent). Revokes earlier links.
    pub async fn admin_reset_link(&self, email: &str, now: i64) -> Result<Option<Secret<String>>, Error> {
        let Some(account) = accounts::find_by_email(&self.db, email).await?.filter(|a| !a.disabled) else {
            return Ok(None);
        };
        let txn = self.db.begin().await?;
        let link = self.issue_link(&txn, &account, LinkPurpose::Password, self.config.limits.reset_ttl, now).await?;
        txn.commit().await?;
        Ok(Some(link))
    }

    /// Revokes the account's open links and stores a new one for `purpose`; returns the link.
    pub(crate) async fn issue_link(
        &self,
        db: &impl ConnectionTrait,
        account: &Account,
        purpose: LinkPurpose,
        ttl: i64,
        now: i64,
    ) -> Result<Secret<String>, Error> {
        revoke_links(db, account.id, now).await?;
        let (token, token_hash) = token::new_token()?;
        reset_token::ActiveModel {
            token_hash: Set(token_hash),
            account_id: Set(account.id),
            created_at: Set(now),
            expires_at: Set(now + ttl),
            used_at: Set(None),
            purpose: Set(purpose),
        }
        .insert(db)
        .await?;
        let base = &self.config.http.base_url;
        let link = match purpose {
            LinkPurpose::Password => reset_link(base, token.expose()),
            LinkPurpose::Confirm => confirm_link(base, token.expose()),
        };
        Ok(Secret::new(link.to_string()))
    }

    /// The account a reset link is for, if the link can still be used. Does not use it up.
    pub async fn check_reset_link(&self, token: &str, now: i64) -> Result<Option<Account>, Error> {
        Ok(open_link(&self.db, token, LinkPurpose::Password, now).await?.filter(|a| !a.disabled))
    }

    /// Sets a new password through a reset link. In one transaction: the link is used up
    /// (of concurrent attempts exactly one succeeds), the password replaced, every other link
    /// revoked, every session ended and a "password changed" email queued. No one is signed in;
    /// the next login sends no "new sign-in" email, wherever it comes from.
    pub async fn reset_password(
        &self,
        token: &Secret<String>,
        password: &Secret<String>,
        confirm: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<PasswordSet, ResetError> {
        let Some(account) = self.check_reset_link(token.expose(), now).await? else {
            metrics::counter!("latchkey_resets_total", "event" => "invalid").increment(1);
            return Err(ResetError::InvalidLink);
        };
        let password = crate::new_password(&self.config.password, password, confirm, &account.email)
            .map_err(ResetError::Rejected)?;
        let hash = self.hasher.hash(&password).await?;

        let txn = self.db.begin().await?;
        if !use_link(&txn, token.expose(), LinkPurpose::Password, now).await? {
            txn.rollback().await?;
            metrics::counter!("latchkey_resets_total", "event" => "invalid").increment(1);
            return Err(ResetError::InvalidLink);
        }
        let first = account.password_hash.is_none();
        let mut row: account::ActiveModel = account.clone().into();
        row.password_hash = Set(Some(hash));
        row.updated_at = Set(now);
        // The person logs in next wherever they like: that is no stranger's sign-in to report.
        row.next_login_expected = Set(true);
        let mut account = row.update(&txn).await?;
        // A link mailed to the address proves it as well as a confirmation link: a sign-up
        // whose confirmation never came (or was someone else's) is confirmed by a reset.
        if account.awaiting == Some(Awaiting::Confirmation) {
            account = self.confirm_address(&txn, account, client, now).await?;
        }
        revoke_links(&txn, account.id, now).await?;
        sessions::end_all(&txn, account.id).await?;
        let language = client.language.as_deref();
        outbox::message(&self.seal_key, MailKind::PasswordChanged, &account.email, None, language, now)?
            .insert(&txn)
            .await?;
        throttle::clear_all_login_attempts(&txn, &account.email_normalized).await?;
        audit::record(&txn, AuditKind::ResetCompleted, Some(account.id), Some(&account.email), client, now).await?;
        let event = if first { WebhookEvent::Activated } else { WebhookEvent::PasswordReset };
        self.announce(&txn, event, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        tracing::info!(account = account.id, "password reset");
        metrics::counter!("latchkey_resets_total", "event" => "completed").increment(1);
        Ok(PasswordSet { account, first })
    }
}

/// A password set through a link.
#[derive(Debug)]
pub struct PasswordSet {
    pub account: Account,
    /// The account had no password before: an invitation was accepted.
    pub first: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("invalid email: {0}")]
    InvalidEmail(EmailProblem),
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for RequestError {
    fn from(err: DbErr) -> Self {
        RequestError::Internal(err.into())
    }
}

/// The account of a link for `purpose` that can still be used, in one query (the reset page
/// asks on every view).
pub(crate) async fn open_link(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: i64,
) -> Result<Option<Account>, DbErr> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let found = reset_token::Entity::find_by_id(token::hash_token(token))
        .filter(reset_token::Column::Purpose.eq(purpose))
        .filter(reset_token::Column::UsedAt.is_null())
        .filter(reset_token::Column::ExpiresAt.gt(now))
        .find_also_related(account::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(_, account)| account))
}

/// Uses up the link for `token` and `purpose` if it can still be used: of concurrent attempts,
/// exactly one gets `true`.
pub(crate) async fn use_link(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: i64,
) -> Result<bool, DbErr> {
    let used = reset_token::Entity::update_many()
        .col_expr(reset_token::Column::UsedAt, Expr::value(now))
        .filter(reset_token::Column::TokenHash.eq(token::hash_token(token)))
        .filter(reset_token::Column::Purpose.eq(purpose))
        .filter(reset_token::Column::UsedAt.is_null())
        .filter(reset_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(used.rows_affected == 1)
}

/// Ends the validity of every open link of the account (rows stay for the mail cap's count).
pub(crate) async fn revoke_links(db: &impl ConnectionTrait, account_id: i64, now: i64) -> Result<(), DbErr> {
    reset_token::Entity::update_many()
        .col_expr(reset_token::Column::ExpiresAt, Expr::value(now))
        .filter(reset_token::Column::AccountId.eq(account_id))
        .filter(reset_token::Column::UsedAt.is_null())
        .filter(reset_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes links that are past any use: expired (or revoked, or used) and older than the mail
/// cap's window, whose count they no longer affect. An invitation lives for days; it stays.
pub async fn purge_old_links(db: &impl ConnectionTrait, now: i64) -> Result<u64, DbErr> {
    let result = reset_token::Entity::delete_many()
        .filter(reset_token::Column::CreatedAt.lt(now - MAIL_CAP_WINDOW_SECONDS))
        .filter(
            sea_orm::Condition::any()
                .add(reset_token::Column::ExpiresAt.lte(now))
                .add(reset_token::Column::UsedAt.is_not_null()),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
