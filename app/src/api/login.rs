use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AccountView, ApiError, Password};

/// A right password: signed in, or on to the second step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoginAnswer {
    /// The account has a second factor: nobody is signed in until `POST
    /// /api/auth/second-factor` gets a right code (the pending-login cookie holds the step).
    SecondFactor {
        /// The methods the account has (`totp`, `passkey`).
        second_factor: Vec<String>,
        /// The page that asks for the code.
        next: String,
    },
    Done(LoggedIn),
}

impl LoginAnswer {
    /// Where the browser goes next.
    pub fn next(&self) -> &str {
        match self {
            LoginAnswer::SecondFactor { next, .. } => next,
            LoginAnswer::Done(done) => &done.next,
        }
    }
}

/// A successful login: who, and where the browser goes next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedIn {
    #[serde(flatten)]
    pub account: AccountView,
    /// `return_to` when a login may lead there (CONTRACT §9), else `/account`; `/account/security`
    /// for a person who must set up a second factor first.
    pub next: String,
}

/// `POST /api/auth/login` with `email`, `password` and, optionally, `return_to`. Starts a new
/// session and sends the browser on: a page's form (a plain form post) is redirected, the
/// single-page app goes there itself (a full page load: `return_to` may be another app). For an
/// account with a second factor it starts only the second step (`/auth/login/verify`).
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(email: String, password: Password, return_to: Option<String>) -> Result<LoginAnswer, ApiError> {
    use latchkey_domain::{login::LoginError, secret::Secret, unix_now};

    use crate::ssr::{Typed, client, is_browser_form, services, set_pending_login_cookie};

    let k = services()?;
    match k.login(&email, &Secret::new(password.0), &client(), unix_now()).await {
        Ok(signed_in) => Ok(LoginAnswer::Done(signed_in_here(&k, &signed_in, return_to.as_deref()))),
        Err(LoginError::SecondStepNeeded(pending)) => {
            set_pending_login_cookie(&k, Some(&pending.token));
            if Typed::LoginEmail.remembered().is_some() {
                Typed::LoginEmail.remember(&k, None);
            }
            let next = crate::links::verify_page(return_to.as_deref());
            if is_browser_form() {
                leptos_axum::redirect(&next);
            }
            let second_factor = pending.methods.iter().map(|m| m.as_str().to_owned()).collect();
            Ok(LoginAnswer::SecondFactor { second_factor, next })
        }
        Err(err) => {
            if is_browser_form() && matches!(err, LoginError::InvalidCredentials | LoginError::Throttled { .. }) {
                Typed::LoginEmail.remember(&k, Some(&email));
            }
            Err(err.into())
        }
    }
}

/// The end of every login (with a password, or with its second factor): the session and device
/// cookies, and the browser sent on to `return_to` when a login may lead there.
#[cfg(feature = "ssr")]
pub(super) fn signed_in_here(
    k: &latchkey_domain::Latchkey,
    signed_in: &latchkey_domain::login::SignedIn,
    return_to: Option<&str>,
) -> LoggedIn {
    use latchkey_domain::links::safe_return_to;

    use crate::ssr::{Typed, is_browser_form, set_device_cookie, set_session_cookie};

    set_session_cookie(k, &signed_in.session);
    set_device_cookie(k, &signed_in.device);
    if Typed::LoginEmail.remembered().is_some() {
        Typed::LoginEmail.remember(k, None);
    }
    let next = if signed_in.second_factor_missing {
        crate::routes::SECURITY_PAGE.to_owned()
    } else {
        return_to
            .and_then(|to| safe_return_to(to, &k.config().http))
            .map_or_else(|| crate::routes::ACCOUNT_PAGE.to_owned(), |url| url.to_string())
    };
    if is_browser_form() {
        leptos_axum::redirect(&next);
    }
    LoggedIn { account: AccountView::from(&signed_in.account), next }
}
