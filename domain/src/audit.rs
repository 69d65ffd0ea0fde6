//! The audit log: who did what to which account, from where. Never a password or a token.

use entity::audit_event;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub use entity::{AuditKind, audit_event::Model as AuditEvent};

use crate::{Error, Latchkey, secret::Secret};

/// Where a request came from, as far as the server can tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The browser's device cookie, if it sent one (see `devices`); never recorded.
    pub device: Option<Secret<String>>,
    /// The session the browser holds, if it sent one: a login ends it. Never recorded.
    pub session: Option<Secret<String>>,
    /// The API Owner acting on someone else's account from the administration pages.
    pub actor: Option<String>,
    /// The language the client reads (`de`), for the emails its requests cause.
    pub language: Option<String>,
}

impl Client {
    /// The same client, acting as the API Owner `owner`.
    pub fn acting_as(self, owner: &crate::accounts::Account) -> Client {
        Client { actor: Some(owner.email_normalized.clone()), ..self }
    }
}

/// Records an event. `email` is the address concerned, known or not (stored normalised).
pub async fn record(
    db: &impl ConnectionTrait,
    kind: AuditKind,
    account_id: Option<i64>,
    email: Option<&str>,
    client: &Client,
    now: i64,
) -> Result<(), DbErr> {
    event(kind, account_id, email, client, now).insert(db).await.map(drop)
}

/// An event's row, for [`record`] or to insert with others.
pub(crate) fn event(
    kind: AuditKind,
    account_id: Option<i64>,
    email: Option<&str>,
    client: &Client,
    now: i64,
) -> audit_event::ActiveModel {
    let clip = |s: &str| s.chars().take(254).collect::<String>();
    audit_event::ActiveModel {
        at: Set(now),
        kind: Set(kind),
        account_id: Set(account_id),
        email: Set(email.map(|e| clip(&latchkey_policy::normalise_email(e)))),
        client_ip: Set(client.ip.as_deref().map(clip)),
        user_agent: Set(client.user_agent.as_deref().map(clip)),
        actor: Set(client.actor.as_deref().map(clip)),
        ..Default::default()
    }
}

/// The newest `limit` events recorded before event `before` (or the newest of all), optionally
/// only those about one address (case-insensitive).
pub async fn list(
    db: &impl ConnectionTrait,
    email: Option<&str>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<AuditEvent>, DbErr> {
    let mut query = audit_event::Entity::find().order_by_desc(audit_event::Column::Id).limit(limit);
    if let Some(email) = email {
        query = query.filter(audit_event::Column::Email.eq(latchkey_policy::normalise_email(email)));
    }
    if let Some(before) = before {
        query = query.filter(audit_event::Column::Id.lt(before));
    }
    query.all(db).await
}

impl Latchkey {
    /// Records that `account`, not an API Owner, asked for an owner's page or function.
    pub async fn record_admin_refused(
        &self,
        account: &crate::accounts::Account,
        client: &Client,
        now: i64,
    ) -> Result<(), Error> {
        record(&self.db, AuditKind::AdminRefused, Some(account.id), Some(&account.email), client, now).await?;
        Ok(())
    }

    /// The newest `limit` events, optionally only those about one address.
    pub async fn audit_events(&self, email: Option<&str>, limit: u64) -> Result<Vec<AuditEvent>, Error> {
        Ok(list(&self.db, email, None, limit).await?)
    }

    /// A page of the audit log, newest first, for the administration page: events before
    /// event `before`, optionally only those about one address.
    pub async fn audit_page(
        &self,
        email: Option<&str>,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<AuditEvent>, Error> {
        Ok(list(&self.db, email, before, limit).await?)
    }
}

/// Removes audit rows recorded before `cutoff` (Unix seconds).
pub async fn purge_before(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    let result = audit_event::Entity::delete_many().filter(audit_event::Column::At.lt(cutoff)).exec(db).await?;
    Ok(result.rows_affected)
}
