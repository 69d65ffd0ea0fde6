//! The administration API behind `/admin/*` is for API Owners only: 401 signed out, 403 for an
//! API Consumer (see `ssr::signed_in_owner`).

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::{AccountView, ApiError};

/// Accounts shown per page.
#[cfg(feature = "ssr")]
const USERS_PER_PAGE: u64 = 50;

/// Whether an account can log in, is waiting for its first password, for its sign-up to be
/// confirmed or approved, or is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Invited,
    Unconfirmed,
    Pending,
    Disabled,
}

#[cfg(feature = "ssr")]
impl From<latchkey_domain::accounts::Status> for Status {
    fn from(status: latchkey_domain::accounts::Status) -> Status {
        use latchkey_domain::accounts::Status as Domain;
        match status {
            Domain::Active => Status::Active,
            Domain::Invited => Status::Invited,
            Domain::Unconfirmed => Status::Unconfirmed,
            Domain::Pending => Status::Pending,
            Domain::Disabled => Status::Disabled,
        }
    }
}

/// One account as API Owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    #[serde(flatten)]
    pub account: AccountView,
    pub status: Status,
    /// Unix seconds.
    pub last_login_at: Option<i64>,
}

/// A page of accounts, and who is looking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    /// Sign-ups waiting for approval, oldest first: shown before the rest.
    pub pending: Vec<UserRow>,
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
    use latchkey_domain::accounts::Status as DomainStatus;

    use crate::ssr::{services, signed_in_owner};

    let k = services()?;
    let me = signed_in_owner(&k).await?;
    let page = k.find_accounts(q.as_deref().unwrap_or_default(), after, USERS_PER_PAGE).await?;
    let row = |account: &latchkey_domain::accounts::Account| UserRow {
        account: AccountView::from(account),
        status: DomainStatus::of(account).into(),
        last_login_at: account.last_login_at,
    };
    let pending = k.pending_signups(USERS_PER_PAGE).await?.iter().map(row).collect();
    let users = page.accounts.iter().map(row).collect();
    Ok(UsersPage { pending, users, next_after: page.next_after, me: me.email })
}
