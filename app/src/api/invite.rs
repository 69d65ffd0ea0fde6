use leptos::prelude::*;

use super::ApiError;

/// `POST /api/admin/invite` with `email`, `name` and `role` (`owner` or `consumer`): creates the
/// account without a password and emails an invitation. API Owners only; audited with the
/// inviting owner; a form posted without JavaScript goes back to the accounts page, showing the
/// new account.
#[server(prefix = "/api/admin", endpoint = "invite")]
pub async fn invite(email: String, name: String, role: String) -> Result<(), ApiError> {
    use latchkey_domain::{accounts::NewAccount, unix_now};

    use crate::ssr::{client, services, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let role = super::parse_role(&role)?;
    let new = NewAccount { email: email.trim().to_owned(), name: Some(name), role: role.into(), password: None };
    let account = k.invite(new, &client().acting_as(&owner), unix_now()).await?;
    leptos_axum::redirect(&crate::links::users_page(&account.email, None, Some("invited")));
    Ok(())
}
