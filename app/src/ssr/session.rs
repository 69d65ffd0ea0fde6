//! Who is signed in: the account the server's guard resumed before rendering a signed-in page,
//! or the session a server function's request carries.

use latchkey_domain::{Latchkey, accounts::Account, audit::Client, unix_now};

use super::{clear_session_cookie, request::with_parts, services, session_token};
use crate::api::{ApiError, ResetLinkView};

/// The account whose session the server already resumed for this request (a page load of a
/// signed-in page), so rendering does not look it up again.
#[derive(Clone, Debug)]
pub struct SessionAccount(pub Account);

/// The origin of the OpenID Connect application this page's login returns to (a registered
/// redirect URI's), which its forms' answers may redirect to.
#[derive(Clone, Debug)]
pub struct ApplicationAfterLogin(pub String);

/// A reset link the server already looked up for this request (the reset page), so rendering
/// does not look it up again. `link`: `None` when it cannot be used (unknown, used, expired,
/// revoked).
#[derive(Clone, Debug)]
pub struct CheckedResetLink {
    pub token: String,
    pub link: Option<ResetLinkView>,
}

/// What the server found of `token` for this request, if it looked it up.
pub fn checked_reset_link(token: &str) -> Option<Option<ResetLinkView>> {
    with_parts(|parts| {
        let checked = parts.extensions.get::<CheckedResetLink>()?;
        (checked.token == token).then(|| checked.link.clone())
    })
}

/// The origin of the application this page's login returns to, if the server found one.
pub fn application_after_login() -> Option<String> {
    with_parts(|parts| parts.extensions.get::<ApplicationAfterLogin>().map(|found| found.0.clone()))
}

/// The account whose session the server resumed before rendering this request's page (a
/// signed-in page), if it did.
pub fn resumed_account() -> Option<Account> {
    with_parts(|parts| parts.extensions.get::<SessionAccount>().map(|SessionAccount(account)| account.clone()))
}

/// The session token of the current request, if it sent one.
fn request_session_token(k: &Latchkey) -> Option<String> {
    with_parts(|parts| session_token(k, &parts.headers))
}

/// The session token of the current request, or `Unauthenticated`.
pub fn required_session_token(k: &Latchkey) -> Result<String, ApiError> {
    request_session_token(k).ok_or(ApiError::Unauthenticated)
}

/// The signed-in account of the current request, if any; `SecondFactorRequired` for a person
/// who must set up a second factor before anything else (`LATCHKEY_REQUIRE_SECOND_FACTOR`).
pub async fn signed_in(k: &Latchkey) -> Result<Option<Account>, ApiError> {
    if let Some(account) = resumed_account() {
        return Ok(Some(account));
    }
    let Some(token) = request_session_token(k) else {
        return Ok(None);
    };
    match k.live_session(&token, unix_now()).await? {
        Some(session) if session.second_factor_missing => Err(ApiError::SecondFactorRequired),
        session => Ok(session.map(|session| session.account)),
    }
}

/// The signed-in API Owner of the current request: `Unauthenticated` when signed out,
/// `Forbidden` (audited) for an API Consumer.
pub async fn signed_in_owner(k: &Latchkey) -> Result<Account, ApiError> {
    match signed_in(k).await? {
        Some(account) if account.role == latchkey_domain::accounts::Role::Owner => Ok(account),
        Some(account) => {
            k.record_admin_refused(&account, &super::client(), unix_now()).await?;
            Err(ApiError::Forbidden)
        }
        None => Err(ApiError::Unauthenticated),
    }
}

/// Ends this browser's sign-in: `end` (given the session token, when there is one) ends the
/// sessions in the database; then the cookie is cleared and the browser sent to the login page.
pub async fn sign_out<F, Fut>(end: F) -> Result<(), ApiError>
where
    F: FnOnce(Latchkey, String, Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), latchkey_domain::Error>>,
{
    let k = services()?;
    if let Some(token) = request_session_token(&k) {
        end(k.clone(), token, super::client()).await?;
    }
    clear_session_cookie(&k);
    leptos_axum::redirect("/auth/login");
    Ok(())
}
