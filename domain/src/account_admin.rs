//! What an administrator does to accounts: invite, disable, enable, change role, send a reset
//! link, delete. There is always an API Owner left who can log in (enabled, with a password):
//! the last one can be neither disabled, demoted nor deleted. Disabling or deleting an account
//! ends its sessions and its open links; enabling it revives none. Each action is audited with
//! `client.actor`, the acting owner.

use entity::{LinkPurpose, account};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};

use crate::{
    Error, Latchkey,
    accounts::{Account, AddAccountError, NewAccount, Role, find_by_email, lock_rows},
    audit::{self, AuditKind, Client},
    mail::{MailKind, outbox},
    webhooks::WebhookEvent,
};

#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    #[error("no account for {0}")]
    NoSuchAccount(String),
    #[error("{0} is the last active API Owner: make another account an owner first")]
    LastOwner(String),
    #[error("{0} is disabled: enable it first")]
    Disabled(String),
    #[error("{0} is not waiting for approval")]
    NotPending(String),
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for ManageError {
    fn from(err: DbErr) -> Self {
        ManageError::Internal(err.into())
    }
}

impl Latchkey {
    /// Creates an account without a password and emails the person a link to choose one
    /// ("You're invited to …"), valid for `LATCHKEY_INVITE_TTL`, built like a reset link.
    pub async fn invite(&self, new: NewAccount, client: &Client, now: i64) -> Result<Account, AddAccountError> {
        let account = self.add_account(NewAccount { password: None, ..new }, now).await?;
        let txn = self.db.begin().await.map_err(Error::from)?;
        let link = self.issue_link(&txn, &account, LinkPurpose::Password, self.config.limits.invite_ttl, now).await?;
        let language = client.language.as_deref();
        outbox::message(&self.seal_key, MailKind::Invitation, &account.email, Some(&link), language, now)?
            .insert(&txn)
            .await?;
        audit::record(&txn, AuditKind::AccountInvited, Some(account.id), Some(&account.email), client, now)
            .await
            .map_err(Error::from)?;
        self.announce(&txn, WebhookEvent::Invited, &account, now).await?;
        txn.commit().await.map_err(Error::from)?;
        self.mail_wakeup.notify_one();
        Ok(account)
    }

    /// Stops the account from logging in and ends its sessions and its open links (a reset link
    /// or invitation mailed before stays dead when the account is enabled again).
    pub async fn disable_account(&self, email: &str, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        lock_owners(&txn).await?;
        let found = existing(&txn, email).await?;
        refuse_last_owner(&txn, &found).await?;
        let id = found.id;
        let mut row: account::ActiveModel = found.into();
        row.disabled = Set(true);
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        crate::sessions::end_all(&txn, id).await?;
        crate::recovery::revoke_links(&txn, id, now).await?;
        audit::record(&txn, AuditKind::AccountDisabled, Some(id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::Disabled, &account, now).await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Emails the person a fresh link to choose a password: a reset link, or, while the
    /// account has never had a password, the invitation again. Revokes earlier links.
    pub async fn send_reset_link(&self, email: &str, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        lock_account(&txn, email).await?;
        let found = existing(&txn, email).await?;
        if found.disabled {
            return Err(ManageError::Disabled(found.email));
        }
        let (kind, ttl) = match found.password_hash {
            Some(_) => (MailKind::ResetLink, self.config.limits.reset_ttl),
            None => (MailKind::Invitation, self.config.limits.invite_ttl),
        };
        let link = self.issue_link(&txn, &found, LinkPurpose::Password, ttl, now).await?;
        outbox::message(&self.seal_key, kind, &found.email, Some(&link), client.language.as_deref(), now)?
            .insert(&txn)
            .await?;
        audit::record(&txn, AuditKind::ResetLinkSent, Some(found.id), Some(&found.email), client, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(found)
    }

    /// Lets a disabled account log in again (its password, if any, is unchanged). No link it had
    /// comes back: an invited person needs the invitation sent again.
    pub async fn enable_account(&self, email: &str, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        let found = existing(&txn, email).await?;
        let mut row: account::ActiveModel = found.into();
        row.disabled = Set(false);
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        audit::record(&txn, AuditKind::AccountEnabled, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::Enabled, &account, now).await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Makes the account an API Owner or an API Consumer.
    pub async fn set_role(&self, email: &str, role: Role, client: &Client, now: i64) -> Result<Account, ManageError> {
        let txn = self.db.begin().await?;
        lock_owners(&txn).await?;
        let found = existing(&txn, email).await?;
        if role != Role::Owner {
            refuse_last_owner(&txn, &found).await?;
        }
        let mut row: account::ActiveModel = found.into();
        row.role = Set(role);
        row.updated_at = Set(now);
        let account = row.update(&txn).await?;
        audit::record(&txn, AuditKind::role_set_to(role), Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::RoleChanged, &account, now).await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Deletes the account with its sessions and links (the audit log keeps its history).
    pub async fn delete_account(&self, email: &str, client: &Client, now: i64) -> Result<(), ManageError> {
        let txn = self.db.begin().await?;
        lock_owners(&txn).await?;
        let found = existing(&txn, email).await?;
        refuse_last_owner(&txn, &found).await?;
        crate::sessions::end_all(&txn, found.id).await?;
        // Its links go with it (the table's foreign key cascades).
        account::Entity::delete_by_id(found.id).exec(&txn).await?;
        audit::record(&txn, AuditKind::AccountDeleted, Some(found.id), Some(&found.email), client, now).await?;
        self.announce(&txn, WebhookEvent::Deleted, &found, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

pub(crate) async fn existing(db: &impl ConnectionTrait, email: &str) -> Result<Account, ManageError> {
    find_by_email(db, email).await?.ok_or_else(|| ManageError::NoSuchAccount(email.to_owned()))
}

/// Locks the owners' rows, so two administrators demoting or deleting the last two owners at
/// once are counted one after the other (see [`lock_rows`]).
async fn lock_owners(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    lock_rows(db, account::Column::Role.eq(Role::Owner)).await
}

/// Locks one account's row (see [`lock_rows`]).
pub(crate) async fn lock_account(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    lock_rows(db, account::Column::EmailNormalized.eq(latchkey_policy::normalise_email(email))).await
}

/// Whether an account can log in: enabled, with a password. An invited owner who has not chosen
/// a password yet cannot administer anything, so does not count as an active owner.
fn can_log_in(account: &Account) -> bool {
    !account.disabled && account.password_hash.is_some() && account.awaiting.is_none()
}

/// Refuses when `account` is the only API Owner who can log in.
async fn refuse_last_owner(db: &impl ConnectionTrait, account: &Account) -> Result<(), ManageError> {
    if account.role != Role::Owner || !can_log_in(account) {
        return Ok(());
    }
    let other_owners = account::Entity::find()
        .filter(account::Column::Role.eq(Role::Owner))
        .filter(account::Column::Disabled.eq(false))
        .filter(account::Column::PasswordHash.is_not_null())
        .filter(account::Column::Id.ne(account.id))
        .count(db)
        .await?;
    if other_owners == 0 {
        return Err(ManageError::LastOwner(account.email.clone()));
    }
    Ok(())
}
