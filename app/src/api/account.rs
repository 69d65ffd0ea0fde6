use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What the account page shows of the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub name: Option<String>,
    /// `owner` or `consumer`.
    pub role: String,
    /// **API Owner** or **API Consumer**.
    pub role_label: String,
}

#[cfg(feature = "ssr")]
impl From<&latchkey_domain::accounts::Account> for AccountView {
    fn from(account: &latchkey_domain::accounts::Account) -> Self {
        AccountView {
            email: account.email.clone(),
            name: account.name.clone(),
            role: account.role.as_str().to_owned(),
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
