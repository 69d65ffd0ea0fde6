//! Passkeys (WebAuthn): adding one on `/account/security`, removing one, and signing in with
//! one. The browser's side is `passkeys.js` (served by the server): it asks for the options,
//! hands them to `navigator.credentials`, and posts the answer, as JSON in a form field.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ApiError, LoggedIn};

/// What the browser hands to `PublicKeyCredential.parse…OptionsFromJSON`: the W3C's
/// `PublicKeyCredentialCreationOptionsJSON` or `…RequestOptionsJSON`, as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyOptions {
    pub options: String,
}

/// One passkey in the list on `/account/security`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    /// What `passkey-remove` is given.
    pub id: i64,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// `POST /api/account/passkey-options` with `name`: the options to make a passkey of that name
/// for the signed-in person (who signed in recently). A form posted without JavaScript comes
/// back to the security page, which says that passkeys need it.
#[server(prefix = "/api/account", endpoint = "passkey-options")]
pub async fn begin_adding_passkey(name: String) -> Result<PasskeyOptions, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{is_browser_form, required_session_token, services};

    if is_browser_form() {
        leptos_axum::redirect("/account/security?done=passkey-needs-script");
        return Ok(PasskeyOptions { options: String::new() });
    }
    let k = services()?;
    let options = k.begin_adding_passkey(&required_session_token(&k)?, &name, unix_now()).await?;
    Ok(PasskeyOptions { options })
}

/// `POST /api/account/passkey` with `name` and `credential` (the new `PublicKeyCredential`,
/// its `toJSON()`): adds the passkey.
#[server(prefix = "/api/account", endpoint = "passkey")]
pub async fn add_passkey(name: String, credential: String) -> Result<PasskeyView, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    let added = k.add_passkey(&required_session_token(&k)?, &name, &credential, &client(), unix_now()).await?;
    Ok(PasskeyView::from(added))
}

/// `POST /api/account/passkey-remove` with `passkey` (its id in the list): removes it.
#[server(prefix = "/api/account", endpoint = "passkey-remove")]
pub async fn remove_passkey(passkey: i64) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    k.remove_passkey(&required_session_token(&k)?, passkey, &client(), unix_now()).await?;
    leptos_axum::redirect("/account/security?done=passkey-removed");
    Ok(())
}

/// `POST /api/auth/passkey-options`: the options to sign in with any passkey of this site.
#[server(prefix = "/api/auth", endpoint = "passkey-options")]
pub async fn begin_passkey_sign_in() -> Result<PasskeyOptions, ApiError> {
    use latchkey_domain::unix_now;

    let k = crate::ssr::services()?;
    Ok(PasskeyOptions { options: k.begin_passkey_sign_in(unix_now()).await? })
}

/// `POST /api/auth/passkey` with `credential` (the `PublicKeyCredential` that answered, its
/// `toJSON()`) and, optionally, `return_to`: signs in, as `POST /api/auth/login` does. When this
/// browser holds the second step of a login to the same account, the passkey finishes it.
#[server(prefix = "/api/auth", endpoint = "passkey")]
pub async fn passkey_sign_in(credential: String, return_to: Option<String>) -> Result<LoggedIn, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, pending_login_token, services, set_pending_login_cookie};

    let k = services()?;
    let pending = pending_login_token(&k);
    let signed_in = k.passkey_sign_in(&credential, pending.as_deref(), &client(), unix_now()).await?;
    if pending.is_some() {
        set_pending_login_cookie(&k, None);
    }
    Ok(super::login::signed_in_here(&k, &signed_in, return_to.as_deref()))
}

#[cfg(feature = "ssr")]
impl From<latchkey_domain::second_factor::passkeys::Passkey> for PasskeyView {
    fn from(p: latchkey_domain::second_factor::passkeys::Passkey) -> Self {
        PasskeyView { id: p.id, name: p.name, created_at: p.created_at, last_used_at: p.last_used_at }
    }
}
