//! Server-side plumbing shared by the server functions: the services, the session cookie and
//! the one place where internal failures become an `ApiError`.

use std::fmt::Display;

use http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use latchkey_domain::{Latchkey, accounts::Account, audit::Client, secret::Secret, sessions, unix_now};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::ApiError;

pub const SESSION_COOKIE: &str = "latchkey_session";

/// The services the server put into the request's context.
pub fn services() -> Result<Latchkey, ApiError> {
    use_context::<Latchkey>().ok_or_else(|| internal("Latchkey services missing from the request context"))
}

/// Logs an internal failure in full and returns what the person may see of it.
pub fn internal(err: impl Display) -> ApiError {
    tracing::error!(error = %err, "request failed");
    ApiError::Unavailable
}

/// Prepares `err` for the response. A browser form post (JavaScript off) must stay a redirect
/// back to the form, which then shows the error; every other client gets the error's status.
pub fn fail(err: ApiError) -> ApiError {
    let Some(response) = use_context::<ResponseOptions>() else {
        return err;
    };
    if let ApiError::Throttled { retry_after } = err
        && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
    {
        response.insert_header(header::RETRY_AFTER, value);
    }
    if !is_browser_form()
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        response.set_status(status);
    }
    err
}

/// Who is asking, as the server's middleware worked it out.
pub fn client() -> Client {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<Client>().cloned()).unwrap_or_default()
}

/// Whether the request is a plain HTML form submission (it accepts `text/html`).
pub fn is_browser_form() -> bool {
    use_context::<Parts>()
        .and_then(|parts| parts.headers.get(header::ACCEPT)?.to_str().ok().map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// The session token from a request's `Cookie` headers.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// The account whose session the server already resumed for this request (a page load of a
/// signed-in page), so rendering does not look it up again.
#[derive(Clone, Debug)]
pub struct SessionAccount(pub Account);

/// The signed-in account of the current request, if any.
pub async fn signed_in(k: &Latchkey) -> Result<Option<Account>, ApiError> {
    let Some(parts) = use_context::<Parts>() else {
        return Ok(None);
    };
    if let Some(SessionAccount(account)) = parts.extensions.get::<SessionAccount>() {
        return Ok(Some(account.clone()));
    }
    let Some(token) = session_token(&parts.headers) else {
        return Ok(None);
    };
    sessions::resume(&k.db, &token, k.session_timeouts(), unix_now()).await.map_err(internal)
}

/// Sets the session cookie: `HttpOnly; SameSite=Lax; Path=/`, `Secure` behind https.
pub fn set_session_cookie(k: &Latchkey, token: &Secret<String>) {
    let max_age = k.config.session_absolute_timeout;
    append_cookie(k, &format!("{SESSION_COOKIE}={}; Max-Age={max_age}", token.expose()));
}

pub fn clear_session_cookie(k: &Latchkey) {
    append_cookie(k, &format!("{SESSION_COOKIE}=; Max-Age=0"));
}

fn append_cookie(k: &Latchkey, cookie: &str) {
    let secure = if k.config.is_https() { "; Secure" } else { "" };
    let value = format!("{cookie}; HttpOnly; SameSite=Lax; Path=/{secure}");
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&value)) {
        response.append_header(header::SET_COOKIE, value);
    }
}
