use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AccountView, ApiError, Password};

/// A successful login: who, and where the browser goes next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedIn {
    #[serde(flatten)]
    pub account: AccountView,
    /// `return_to` when a login may lead there (CONTRACT §9), else `/account`.
    pub next: String,
}

/// `POST /api/auth/login` with `email`, `password` and, optionally, `return_to`. Starts a new
/// session and sends the browser on: a page's form (a plain form post) is redirected, the
/// single-page app goes there itself (a full page load: `return_to` may be another app).
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(email: String, password: Password, return_to: Option<String>) -> Result<LoggedIn, ApiError> {
    use latchkey_domain::{links::safe_return_to, login::LoginError, secret::Secret, unix_now};

    use crate::ssr::{TypedEmail, client, is_browser_form, services, set_device_cookie, set_session_cookie};

    let k = services()?;
    match k.login(&email, &Secret::new(password.0), &client(), unix_now()).await {
        Ok(signed_in) => {
            set_session_cookie(&k, &signed_in.session);
            set_device_cookie(&k, &signed_in.device);
            if TypedEmail::Login.remembered().is_some() {
                TypedEmail::Login.remember(&k, None);
            }
            let next = return_to
                .as_deref()
                .and_then(|to| safe_return_to(to, &k.config().http))
                .map_or_else(|| "/account".to_owned(), |url| url.to_string());
            if is_browser_form() {
                leptos_axum::redirect(&next);
            }
            Ok(LoggedIn { account: AccountView::from(&signed_in.account), next })
        }
        Err(err) => {
            if is_browser_form() && matches!(err, LoginError::InvalidCredentials | LoginError::Throttled { .. }) {
                TypedEmail::Login.remember(&k, Some(&email));
            }
            Err(err.into())
        }
    }
}
