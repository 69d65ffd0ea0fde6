//! Sign-up (CONTRACT.md §14): creating an account, and confirming its address. With sign-up
//! off every function here answers 404.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::{ApiError, Password};

/// The one answer to every well-formed sign-up, whether or not the address has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupSent {
    pub message: String,
    /// The address as typed, for the confirmation to repeat.
    pub email: String,
}

/// `POST /api/auth/signup` with `name`, `email`, `password` and `confirm`. Answers the same for
/// a new address and one that has an account; the mailbox learns which.
#[server(prefix = "/api/auth", endpoint = "signup")]
pub async fn signup(
    name: Option<String>,
    email: String,
    password: Password,
    confirm: Password,
) -> Result<SignupSent, ApiError> {
    use latchkey_domain::{secret::Secret, signup::NewSignup, unix_now};

    use crate::ssr::{Typed, client, is_browser_form, services};

    let k = services()?;
    let typed = email.trim().to_owned();
    let name = name.unwrap_or_default();
    let typed_name = name.trim().to_owned();
    let new = NewSignup { name, email, password: Secret::new(password.0), confirm: Secret::new(confirm.0) };
    let result = k.sign_up(new, &client(), unix_now()).await;
    // Without JavaScript the page comes back: with the name and address still in their fields
    // after a problem, or the address repeated by the confirmation.
    if is_browser_form() {
        Typed::SignupEmail.remember(&k, Some(&typed));
        let kept = result.is_err() && !typed_name.is_empty();
        Typed::SignupName.remember(&k, kept.then_some(typed_name.as_str()));
    }
    result?;
    leptos_axum::redirect("/auth/signup?sent=1");
    let message = latchkey_i18n::Lang::english().t("signup-sent");
    Ok(SignupSent { message, email: typed })
}

/// What the confirmation page shows of a usable link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmLinkView {
    pub email: String,
}

/// `GET /api/auth/confirm/check?token=…`: whether a confirmation link can still be used. Does
/// not use it up (mail scanners open links).
#[server(prefix = "/api/auth", endpoint = "confirm/check", input = GetUrl)]
pub async fn check_confirm_link(token: String) -> Result<ConfirmLinkView, ApiError> {
    use latchkey_domain::unix_now;

    let account = crate::ssr::services()?.check_confirm_link(&token, unix_now()).await?;
    account.map(|a| ConfirmLinkView { email: a.email }).ok_or(ApiError::InvalidConfirmLink)
}

/// Where a confirmed sign-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupState {
    /// The person can log in.
    Ready,
    /// An API Owner decides first (`LATCHKEY_SIGNUP=approval`).
    WaitingForApproval,
}

/// `POST /api/auth/confirm` with `token`: **Confirm**. Confirming twice answers the same.
#[server(prefix = "/api/auth", endpoint = "confirm")]
pub async fn confirm(token: String) -> Result<SignupState, ApiError> {
    use latchkey_domain::{links::confirm_link, secret::Secret, signup::Confirmed, unix_now};
    use leptos::server_fn::ServerFn;

    use crate::ssr::{client, send_form_back, services};

    let k = services()?;
    match k.confirm_signup(&Secret::new(token.clone()), &client(), unix_now()).await {
        Ok(Confirmed::Ready) => {
            leptos_axum::redirect("/auth/confirm/done");
            Ok(SignupState::Ready)
        }
        Ok(Confirmed::WaitingForApproval) => {
            leptos_axum::redirect("/auth/confirm/done?pending=1");
            Ok(SignupState::WaitingForApproval)
        }
        Err(err) => {
            let err = ApiError::from(err);
            // The confirmation page sends no Referer: its token must not leak.
            let page = confirm_link(&k.config().http.base_url, &token);
            send_form_back(&format!("{}?{}", page.path(), page.query().unwrap_or_default()), Confirm::PATH, &err);
            Err(err)
        }
    }
}
