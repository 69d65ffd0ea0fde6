//! Sign-up for API Consumers (`LATCHKEY_SIGNUP`, CONTRACT.md §14): an account the person makes
//! themselves, which waits for its address to be confirmed and, with `approval`, for an API
//! Owner to approve it.
//!
//! Nobody learns from a sign-up whether the address has an account: a new address and a known
//! one get the same answer after the same work (the password is hashed either way, then one
//! transaction), and only the mailbox is told which it was — "Confirm your email address" for a
//! new one, "Someone tried to create an account with your address" for a known one. Only the
//! first sign-up of an address makes an account; a later one changes nothing in it, so nobody
//! can replace the password of a sign-up somebody else is about to confirm. A reset link proves
//! the address too and confirms a sign-up (see `recovery`): the way back for a person whose
//! address somebody else signed up with first.

use entity::{Awaiting, LinkPurpose, Role, account, mail_outbox, reset_token};
use latchkey_policy::{EmailProblem, NameProblem, PasswordProblem, check_email, check_name, normalise_email};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait, TryInsertResult,
};

use crate::{
    Error, Latchkey,
    account_admin::{ManageError, existing, lock_account},
    accounts::{self, Account},
    audit::{self, AuditKind, Client},
    config::SignupMode,
    mail::{MailKind, outbox},
    recovery::{MAIL_CAP, MAIL_CAP_WINDOW_SECONDS, open_link, use_link},
    secret::Secret,
    token,
    webhooks::WebhookEvent,
};

/// Sign-ups whose address was not confirmed are removed after this long.
pub const UNCONFIRMED_KEPT_SECONDS: i64 = 7 * 86_400;

/// What a person types to sign up.
pub struct NewSignup {
    pub name: String,
    pub email: String,
    pub password: Secret<String>,
    pub confirm: Secret<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    /// `LATCHKEY_SIGNUP=off`.
    #[error("sign-up is off")]
    Off,
    #[error("invalid email: {0}")]
    InvalidEmail(EmailProblem),
    /// The address is outside `LATCHKEY_SIGNUP_DOMAINS`.
    #[error("only addresses at {} may sign up", .0.join(", "))]
    DomainNotAllowed(Vec<String>),
    #[error("invalid name: {0}")]
    InvalidName(NameProblem),
    #[error("the password does not meet the policy")]
    Rejected(Vec<PasswordProblem>),
    /// Unknown, used, expired or revoked confirmation link: one answer for all.
    #[error("the confirmation link is invalid or has expired")]
    InvalidLink,
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for SignupError {
    fn from(err: DbErr) -> Self {
        SignupError::Internal(err.into())
    }
}

/// Where a confirmed sign-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The account is active: the person can log in.
    Ready,
    /// The account waits for an API Owner's approval.
    WaitingForApproval,
}

impl Latchkey {
    /// Signs a person up: validates what they typed (a field error for each problem), hashes
    /// the password, and then either makes the account (an API Consumer waiting for its address
    /// to be confirmed) and mails the confirmation link, or — the address has an account — mails
    /// its owner that someone tried (at most `MAIL_CAP` such emails per address per window).
    /// The answer is the same either way.
    pub async fn sign_up(&self, new: NewSignup, client: &Client, now: i64) -> Result<(), SignupError> {
        let rules = &self.config.signup;
        if rules.mode == SignupMode::Off {
            return Err(SignupError::Off);
        }
        let email = new.email.trim().to_owned();
        check_email(&email).map_err(SignupError::InvalidEmail)?;
        if !rules.allows(&email) {
            return Err(SignupError::DomainNotAllowed(rules.domains.clone()));
        }
        let name = check_name(&new.name).map_err(SignupError::InvalidName)?;
        let password = crate::new_password(&self.config.password, &new.password, &new.confirm, &email)
            .map_err(SignupError::Rejected)?;
        // Hashed for a known address too, so that the answer takes as long.
        let hash = self.hasher.hash(&password).await?;

        let txn = self.db.begin().await?;
        // The first statement writes: SQLite takes its write lock at once, and of two sign-ups
        // of one new address on PostgreSQL the second waits for the first and inserts nothing.
        let inserted = account::Entity::insert(account::ActiveModel {
            email_normalized: Set(normalise_email(&email)),
            email: Set(email.clone()),
            name: Set(name),
            role: Set(Role::Consumer),
            password_hash: Set(Some(hash)),
            disabled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            awaiting: Set(Some(Awaiting::Confirmation)),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([account::Column::EmailNormalized])
        .exec_without_returning(&txn)
        .await?;
        let inserted = matches!(inserted, TryInsertResult::Inserted(1));
        let account = accounts::find_by_email(&txn, &email)
            .await?
            .ok_or(Error::System("the account signed up with was not found in the same transaction".into()))?;
        let language = client.language.as_deref();
        if inserted {
            let link =
                self.issue_link(&txn, &account, LinkPurpose::Confirm, self.config.signup.confirm_ttl, now).await?;
            outbox::message(&self.seal_key, MailKind::SignupConfirm, &account.email, Some(&link), language, now)?
                .insert(&txn)
                .await?;
            audit::record(&txn, AuditKind::SignedUp, Some(account.id), Some(&account.email), client, now).await?;
            self.announce(&txn, WebhookEvent::SignedUp, &account, now).await?;
            metrics::counter!("latchkey_signups_total", "event" => "new").increment(1);
        } else {
            lock_account(&txn, &email).await?;
            if !account.disabled && recent_tries(&txn, &account, now).await? < MAIL_CAP {
                self.notify(&txn, &account, MailKind::SignupExisting, None, client, now).await?;
            }
            audit::record(&txn, AuditKind::SignupExisting, Some(account.id), Some(&account.email), client, now).await?;
            metrics::counter!("latchkey_signups_total", "event" => "existing").increment(1);
        }
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(())
    }

    /// The account a confirmation link is for, if the link can still be used. Does not use it.
    pub async fn check_confirm_link(&self, token: &str, now: i64) -> Result<Option<Account>, SignupError> {
        if self.config.signup.mode == SignupMode::Off {
            return Err(SignupError::Off);
        }
        let account = open_link(&self.db, token, LinkPurpose::Confirm, now).await?;
        Ok(account.filter(|a| !a.disabled && a.awaiting == Some(Awaiting::Confirmation)))
    }

    /// **Confirm**: uses the link (of concurrent attempts one succeeds) and confirms the address.
    /// A link already used for its confirmation answers as the confirmation did: confirming
    /// twice is harmless.
    pub async fn confirm_signup(
        &self,
        token: &Secret<String>,
        client: &Client,
        now: i64,
    ) -> Result<Confirmed, SignupError> {
        if self.config.signup.mode == SignupMode::Off {
            return Err(SignupError::Off);
        }
        let token = token.expose();
        if token.is_empty() || token.len() > 100 {
            return Err(SignupError::InvalidLink);
        }
        let txn = self.db.begin().await?;
        let used = use_link(&txn, token, LinkPurpose::Confirm, now).await?;
        let link = reset_token::Entity::find_by_id(token::hash_token(token))
            .filter(reset_token::Column::Purpose.eq(LinkPurpose::Confirm))
            .find_also_related(account::Entity)
            .one(&txn)
            .await?;
        let Some((link, Some(account))) = link else {
            return Err(SignupError::InvalidLink);
        };
        let outcome = match (used, account.awaiting) {
            (true, Some(Awaiting::Confirmation)) if !account.disabled => {
                let account = self.confirm_address(&txn, account, client, now).await?;
                Confirmed::of(&account)
            }
            // Used before, by its own confirmation: the same answer again.
            (false, awaiting) if link.used_at.is_some() && awaiting != Some(Awaiting::Confirmation) => {
                Confirmed::of(&account)
            }
            _ => {
                txn.rollback().await?;
                return Err(SignupError::InvalidLink);
            }
        };
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(outcome)
    }

    /// The address of a sign-up is proved (its confirmation link, or a reset link): with
    /// `approval` the account now waits for an API Owner, each of whom is emailed once;
    /// otherwise it is active. In the caller's transaction.
    pub(crate) async fn confirm_address(
        &self,
        txn: &impl ConnectionTrait,
        account: Account,
        client: &Client,
        now: i64,
    ) -> Result<Account, Error> {
        let approval = self.config.signup.mode == SignupMode::Approval;
        let mut row: account::ActiveModel = account.into();
        row.awaiting = Set(approval.then_some(Awaiting::Approval));
        row.updated_at = Set(now);
        // The first login follows from the person's own browser, but may be from any other.
        row.next_login_expected = Set(true);
        let account = row.update(txn).await?;
        audit::record(txn, AuditKind::SignupConfirmed, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(txn, WebhookEvent::Confirmed, &account, now).await?;
        if approval {
            let who = Secret::new(match &account.name {
                Some(name) => format!("{name} <{}>", account.email),
                None => account.email.clone(),
            });
            for owner in active_owners(txn).await? {
                // The owner's own language is not known: the person's, like every other mail.
                outbox::message(&self.seal_key, MailKind::SignupWaiting, &owner.email, Some(&who), None, now)?
                    .insert(txn)
                    .await?;
            }
        }
        metrics::counter!("latchkey_signups_total", "event" => "confirmed").increment(1);
        Ok(account)
    }

    /// **Approve**: a sign-up waiting for approval becomes active; the person is emailed.
    pub async fn approve_signup(&self, email: &str, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        lock_account(&txn, email).await?;
        let found = pending(&txn, email).await?;
        let mut row: account::ActiveModel = found.into();
        row.awaiting = Set(None);
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        self.notify(&txn, &account, MailKind::SignupApproved, None, client, now).await?;
        audit::record(&txn, AuditKind::SignupApproved, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::Approved, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(account)
    }

    /// **Decline**: a sign-up waiting for approval is deleted; the person is emailed. The
    /// address may sign up again later.
    pub async fn decline_signup(&self, email: &str, client: &Client, now: i64) -> Result<(), ManageError> {
        let txn = self.db.begin().await?;
        lock_account(&txn, email).await?;
        let found = pending(&txn, email).await?;
        account::Entity::delete_by_id(found.id).exec(&txn).await?;
        self.notify(&txn, &found, MailKind::SignupDeclined, None, client, now).await?;
        audit::record(&txn, AuditKind::SignupDeclined, Some(found.id), Some(&found.email), client, now).await?;
        self.announce(&txn, WebhookEvent::Declined, &found, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(())
    }

    /// The sign-ups waiting for approval, oldest first (at most `limit`).
    pub async fn pending_signups(&self, limit: u64) -> Result<Vec<Account>, Error> {
        Ok(pending_signups_query(limit).all(&self.db).await?)
    }
}

impl Confirmed {
    fn of(account: &Account) -> Confirmed {
        if account.awaiting == Some(Awaiting::Approval) { Confirmed::WaitingForApproval } else { Confirmed::Ready }
    }
}

/// How many "someone tried" emails the address was sent in the mail cap's window.
async fn recent_tries(db: &impl ConnectionTrait, account: &Account, now: i64) -> Result<u64, DbErr> {
    recent_tries_query(&account.email, now).count(db).await
}

/// Through `idx_accounts_awaiting`: an owner's page must not read every account.
fn pending_signups_query(limit: u64) -> sea_orm::Select<account::Entity> {
    account::Entity::find()
        .filter(account::Column::Awaiting.eq(Awaiting::Approval))
        .order_by_asc(account::Column::Id)
        .limit(limit)
}

/// Through `idx_mail_outbox_recipient`: the count must not grow with the outbox, or a known
/// address's answer would take longer than a new one's.
fn recent_tries_query(email: &str, now: i64) -> sea_orm::Select<mail_outbox::Entity> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Recipient.eq(email))
        .filter(mail_outbox::Column::Kind.eq(MailKind::SignupExisting))
        .filter(mail_outbox::Column::CreatedAt.gt(now - MAIL_CAP_WINDOW_SECONDS))
}

/// The API Owners who can log in (each is told of a sign-up waiting for approval).
async fn active_owners(db: &impl ConnectionTrait) -> Result<Vec<Account>, DbErr> {
    account::Entity::find()
        .filter(account::Column::Role.eq(Role::Owner))
        .filter(account::Column::Disabled.eq(false))
        .filter(account::Column::PasswordHash.is_not_null())
        .filter(account::Column::Awaiting.is_null())
        .order_by_asc(account::Column::Id)
        .all(db)
        .await
}

/// The account for `email`, if it waits for approval.
async fn pending(db: &impl ConnectionTrait, email: &str) -> Result<Account, ManageError> {
    let found = existing(db, email).await?;
    if found.awaiting != Some(Awaiting::Approval) {
        return Err(ManageError::NotPending(found.email));
    }
    Ok(found)
}

impl Latchkey {
    /// Removes sign-ups whose address was not confirmed within [`UNCONFIRMED_KEPT_SECONDS`]
    /// (their links go with them), each reported to the webhook receiver as deleted. Each is
    /// deleted on its own, and reported only by the server whose delete found it.
    pub(crate) async fn purge_unconfirmed(&self, now: i64) -> Result<u64, Error> {
        let stale = || {
            Condition::all()
                .add(account::Column::Awaiting.eq(Awaiting::Confirmation))
                .add(account::Column::CreatedAt.lt(now - UNCONFIRMED_KEPT_SECONDS))
        };
        let mut purged = 0;
        for account in account::Entity::find().filter(stale()).all(&self.db).await? {
            let txn = self.db.begin().await?;
            let deleted = account::Entity::delete_many()
                .filter(account::Column::Id.eq(account.id))
                .filter(stale())
                .exec(&txn)
                .await?;
            if deleted.rows_affected == 1 {
                self.announce(&txn, WebhookEvent::Deleted, &account, now).await?;
                purged += 1;
            }
            txn.commit().await?;
        }
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Select, Statement};

    /// The steps SQLite plans for `query` on the migrated schema.
    async fn plan<E: sea_orm::EntityTrait>(query: Select<E>) -> Vec<String> {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let query = query.build(DbBackend::Sqlite);
        let explain = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("EXPLAIN QUERY PLAN {}", query.sql),
            query.values.map(|values| values.0).unwrap_or_default(),
        );
        let rows = db.query_all_raw(explain).await.unwrap();
        rows.iter().map(|row| row.try_get_by_index::<String>(3).unwrap()).collect()
    }

    /// An address with an account once answered a sign-up later than a new one, by as long as
    /// it took to read the whole outbox: the count of its recent "someone tried" emails now
    /// reads that address's rows through an index.
    #[tokio::test]
    async fn counting_recent_tries_reads_one_addresss_rows_through_an_index() {
        let plan = plan(super::recent_tries_query("dev@example.com", 100)).await;
        assert!(plan.iter().any(|step| step.contains("idx_mail_outbox_recipient")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN")), "{plan:?}");
    }

    /// `/admin/users` lists the sign-ups waiting for approval without reading every account.
    #[tokio::test]
    async fn the_pending_sign_ups_are_found_without_reading_every_account() {
        let plan = plan(super::pending_signups_query(50)).await;
        assert!(plan.iter().any(|step| step.contains("idx_accounts_awaiting")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN")), "{plan:?}");
    }
}
