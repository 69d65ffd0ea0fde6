//! The administration API behind `/admin/*`: API Owners only (401 signed out, 403 for an API
//! Consumer). Each action is a POST with the account's `email`, audited with the acting owner;
//! a form posted without JavaScript is sent back to the accounts page, showing that account.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::{AccountView, ApiError};

/// Accounts shown per page.
#[cfg(feature = "ssr")]
const USERS_PER_PAGE: u64 = 50;
/// Audit events shown per page.
#[cfg(feature = "ssr")]
const EVENTS_PER_PAGE: u64 = 100;

/// One account as API Owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    #[serde(flatten)]
    pub account: AccountView,
    /// `active`, `invited` or `disabled`.
    pub status: String,
    /// Unix seconds.
    pub last_login_at: Option<i64>,
}

/// A page of accounts, and who is looking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub users: Vec<UserRow>,
    /// The `after` of the next page, when there is one.
    pub next_after: Option<i64>,
    /// The signed-in owner's address.
    pub me: String,
}

/// `GET /api/admin/users?q=…&after=…`: accounts whose address contains `q`, oldest first,
/// [`USERS_PER_PAGE`] at a time.
#[server(prefix = "/api/admin", endpoint = "users", input = GetUrl)]
pub async fn list_users(q: Option<String>, after: Option<i64>) -> Result<UsersPage, ApiError> {
    use latchkey_domain::accounts::Status;

    use crate::ssr::{fail, services, signed_in_owner};

    let k = services()?;
    let me = signed_in_owner(&k).await?;
    let page = k.find_accounts(q.as_deref().unwrap_or_default(), after, USERS_PER_PAGE).await.map_err(fail)?;
    let users = page
        .accounts
        .iter()
        .map(|account| UserRow {
            account: AccountView::from(account),
            status: Status::of(account).as_str().to_owned(),
            last_login_at: account.last_login_at,
        })
        .collect();
    Ok(UsersPage { users, next_after: page.next_after, me: me.email })
}

/// `POST /api/admin/invite` with `email`, `name` and `role` (`owner` or `consumer`): creates the
/// account without a password and emails an invitation.
#[server(prefix = "/api/admin", endpoint = "invite")]
pub async fn invite(email: String, name: String, role: String) -> Result<(), ApiError> {
    use latchkey_domain::{accounts::NewAccount, unix_now};

    use crate::ssr::{client, fail, services, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let role = parse_role(&role)?;
    let new = NewAccount { email: email.trim().to_owned(), name: Some(name), role, password: None };
    let account = k.invite(new, &client().acting_as(&owner), unix_now()).await.map_err(fail)?;
    leptos_axum::redirect(&crate::links::users_page(&account.email, None, Some("invited")));
    Ok(())
}

/// What an API Owner can do to an account from the accounts page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountAction {
    /// The account can no longer log in; its sessions end.
    Disable,
    Enable,
    /// Make it the `role` given with the action.
    SetRole,
    /// Email a fresh reset link (the invitation again, while it has no password).
    SendResetLink,
    /// Delete it, with its sessions and links (never the last active owner).
    Delete,
}

impl AccountAction {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::Disable => "disable",
            AccountAction::Enable => "enable",
            AccountAction::SetRole => "set-role",
            AccountAction::SendResetLink => "send-reset-link",
            AccountAction::Delete => "delete",
        }
    }
}

/// `POST /api/admin/account` with `email`, `action` (`disable`, `enable`, `set-role`,
/// `send-reset-link` or `delete`) and, for `set-role`, `role`. Done as the signed-in owner and
/// audited as such; the browser goes back to the accounts page, showing that account.
#[server(prefix = "/api/admin", endpoint = "account")]
pub async fn manage_account(email: String, action: AccountAction, role: Option<String>) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, fail, services, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let (email, client, now) = (email.trim(), client().acting_as(&owner), unix_now());
    let result = match action {
        AccountAction::Disable => k.disable_account(email, &client, now).await.map(drop),
        AccountAction::Enable => k.enable_account(email, &client, now).await.map(drop),
        AccountAction::SetRole => {
            let role = parse_role(role.as_deref().unwrap_or_default())?;
            k.set_role(email, role, &client, now).await.map(drop)
        }
        AccountAction::SendResetLink => k.send_reset_link(email, &client, now).await.map(drop),
        AccountAction::Delete => k.delete_account(email, &client, now).await,
    };
    result.map_err(fail)?;
    let shown = if action == AccountAction::Delete { "" } else { email };
    leptos_axum::redirect(&crate::links::users_page(shown, None, Some(action.as_str())));
    Ok(())
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<latchkey_domain::accounts::Role, ApiError> {
    role.parse().map_err(|_| crate::ssr::fail(ApiError::field("role", super::FieldProblem::UnknownRole)))
}

/// One row of the audit log as API Owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// What happened, in words.
    pub event: String,
    pub email: Option<String>,
    /// The API Owner who acted, when it was not the person themselves.
    pub actor: Option<String>,
    pub client_ip: Option<String>,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub events: Vec<AuditRow>,
    /// The `before` of the next (older) page, when there may be one.
    pub next_before: Option<i64>,
}

/// `GET /api/admin/audit?email=…&before=…`: the audit log, newest first.
#[server(prefix = "/api/admin", endpoint = "audit", input = GetUrl)]
pub async fn audit_log(email: Option<String>, before: Option<i64>) -> Result<AuditPage, ApiError> {
    use crate::ssr::{fail, services, signed_in_owner};

    let k = services()?;
    signed_in_owner(&k).await?;
    let email = email.filter(|e| !e.trim().is_empty());
    let events = k.audit_page(email.as_deref(), before, EVENTS_PER_PAGE).await.map_err(fail)?;
    let next_before = (events.len() as u64 == EVENTS_PER_PAGE).then(|| events.last().map(|e| e.id)).flatten();
    let events = events
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at,
            event: e.kind.describe().to_owned(),
            email: e.email,
            actor: e.actor,
            client_ip: e.client_ip,
        })
        .collect();
    Ok(AuditPage { events, next_before })
}
