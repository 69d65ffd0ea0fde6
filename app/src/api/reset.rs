use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::{ApiError, Password};

/// What the reset page shows of a usable link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetLinkView {
    pub email: String,
    /// The account has never had a password: the link is an invitation.
    pub invited: bool,
}

#[cfg(feature = "ssr")]
impl ResetLinkView {
    /// What the page shows of a usable link to `account`.
    pub fn of(account: latchkey_domain::accounts::Account) -> ResetLinkView {
        ResetLinkView { invited: account.password_hash.is_none(), email: account.email }
    }
}

/// `GET /api/auth/reset/check?token=…`: whether a link can still be used. Does not use it up.
#[server(prefix = "/api/auth", endpoint = "reset/check", input = GetUrl)]
pub async fn check_reset_link(token: String) -> Result<ResetLinkView, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::services;

    // The reset page takes the link its guard looked up (see `CheckedResetLink`); only the
    // single-page app, or a page whose look-up failed, asks here.
    let link = services()?.check_reset_link(&token, unix_now()).await?.map(ResetLinkView::of);
    link.ok_or(ApiError::InvalidResetLink)
}

/// `POST /api/auth/reset` with `token`, `password` and `confirm`. On success every session of
/// the account has ended and the browser goes to the "password reset" page; nobody is signed in.
#[server(prefix = "/api/auth", endpoint = "reset")]
pub async fn reset(token: String, password: Password, confirm: Password) -> Result<(), ApiError> {
    use latchkey_domain::{links::reset_link, secret::Secret, unix_now};
    use leptos::server_fn::ServerFn;

    use crate::ssr::{client, send_form_back, services};

    let k = services()?;
    let result = k
        .reset_password(
            &Secret::new(token.clone()),
            &Secret::new(password.0),
            &Secret::new(confirm.0),
            &client(),
            unix_now(),
        )
        .await;
    let err = match result {
        Ok(set) => {
            leptos_axum::redirect(if set.first { "/auth/reset/done?welcome" } else { "/auth/reset/done" });
            return Ok(());
        }
        Err(err) => ApiError::from(err),
    };
    // The reset page sends no Referer: its token must not leak.
    let page = reset_link(&k.config().http.base_url, &token);
    send_form_back(&format!("{}?{}", page.path(), page.query().unwrap_or_default()), Reset::PATH, &err);
    Err(err)
}
