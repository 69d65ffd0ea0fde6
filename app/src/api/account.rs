use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What an account may do: `owner` (shown as **API Owner**) or `consumer` (**API Consumer**).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Consumer,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Owner, Role::Consumer];

    /// How the role is written in forms and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Consumer => "consumer",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = ();

    fn from_str(code: &str) -> Result<Role, ()> {
        Role::ALL.into_iter().find(|role| role.code() == code).ok_or(())
    }
}

/// What the account page shows of the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    /// **API Owner** or **API Consumer**, in English, for API clients.
    pub role_label: String,
}

#[cfg(feature = "ssr")]
impl From<latchkey_domain::accounts::Role> for Role {
    fn from(role: latchkey_domain::accounts::Role) -> Role {
        match role {
            latchkey_domain::accounts::Role::Owner => Role::Owner,
            latchkey_domain::accounts::Role::Consumer => Role::Consumer,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<Role> for latchkey_domain::accounts::Role {
    fn from(role: Role) -> Self {
        match role {
            Role::Owner => latchkey_domain::accounts::Role::Owner,
            Role::Consumer => latchkey_domain::accounts::Role::Consumer,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<&latchkey_domain::accounts::Account> for AccountView {
    fn from(account: &latchkey_domain::accounts::Account) -> Self {
        AccountView {
            email: account.email.clone(),
            name: account.name.clone(),
            role: account.role.into(),
            role_label: account.role.label().to_owned(),
        }
    }
}

/// `GET /api/account`: the signed-in account, or `null` when signed out.
#[server(prefix = "/api", endpoint = "account", input = GetUrl)]
pub async fn current_account() -> Result<Option<AccountView>, ApiError> {
    use crate::ssr::{services, signed_in};

    let k = services()?;
    let account = signed_in(&k).await?;
    Ok(account.as_ref().map(AccountView::from))
}
