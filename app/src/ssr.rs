//! Server-side plumbing shared by the server functions and the server's middleware: the
//! services, the cookies, and how an error is prepared for the response.

use cookie::{Cookie, SameSite, time::Duration};
use http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use latchkey_domain::{Latchkey, accounts::Account, audit::Client, secret::Secret, unix_now};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::api::ApiError;

const SESSION_COOKIE: &str = "latchkey_session";
const DEVICE_COOKIE: &str = "latchkey_device";
/// How long a browser is remembered as one that has logged in before.
const DEVICE_COOKIE_DAYS: i64 = 365;

/// The services the server put into the request's context. Every request's context has them;
/// only a page whose data was still loading when its request ended (the client left before the
/// page was whole) has lost them, and nothing waits for that answer: not worth an error in the log.
pub fn services() -> Result<Latchkey, ApiError> {
    use_context::<Latchkey>().ok_or_else(|| {
        tracing::debug!("services asked for after the request ended");
        ApiError::Unavailable
    })
}

/// Turns a domain error into what the person may see (see `From` impls in `api::error`) and
/// prepares the response: a browser form post (JavaScript off) stays a redirect back to the
/// form, which then shows the error; every other client gets the error's status.
pub fn fail(err: impl Into<ApiError>) -> ApiError {
    let err = err.into();
    let Some(response) = use_context::<ResponseOptions>() else {
        return err;
    };
    if let ApiError::Throttled { retry_after } | ApiError::Busy { retry_after } = err
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

/// Reads the current request's parts (its headers, and what the server's middleware put in its
/// extensions) in place: `use_context` would copy them all on every read.
fn with_parts<R>(read: impl FnOnce(&Parts) -> Option<R>) -> Option<R> {
    with_context::<Parts, _>(read).flatten()
}

/// Who is asking (and the language they read), as the server's middleware worked it out.
pub fn client() -> Client {
    with_parts(|parts| parts.extensions.get::<Client>().cloned()).unwrap_or_default()
}

/// Whether the request is a plain HTML form submission (it accepts `text/html`).
pub fn is_browser_form() -> bool {
    with_parts(|parts| parts.headers.get(header::ACCEPT)?.to_str().ok().map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// The session cookie's name: `__Host-` prefixed behind https, so that no other site on a
/// sibling domain, nor a plain-http page, can set or shadow it. Shared with sibling
/// subdomains (`LATCHKEY_COOKIE_DOMAIN`) it cannot carry that prefix.
pub fn session_cookie_name(k: &Latchkey) -> &'static str {
    if k.config().is_https() && k.config().http.cookie_domain.is_none() {
        "__Host-latchkey_session"
    } else {
        SESSION_COOKIE
    }
}

/// The device cookie's name, `__Host-` prefixed behind https like the session cookie's.
pub fn device_cookie_name(k: &Latchkey) -> &'static str {
    if k.config().is_https() { "__Host-latchkey_device" } else { DEVICE_COOKIE }
}

/// Whether a cookie is one of Latchkey's: each of their names begins `latchkey_`, behind the
/// `__Host-` prefix or not. Only those are read by a page; any other cookie a browser sends (a
/// portal's own, say, when Latchkey is served beside it on the same site) is read by none.
pub fn is_latchkey_cookie(name: &str) -> bool {
    name.strip_prefix("__Host-").unwrap_or(name).starts_with("latchkey_")
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name && !cookie.value().is_empty())
        .map(|cookie| cookie.value().to_owned())
}

/// The session token from a request's cookies.
pub fn session_token(k: &Latchkey, headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, session_cookie_name(k))
}

/// The session token of the current request, if it sent one.
pub fn request_session_token(k: &Latchkey) -> Option<String> {
    with_parts(|parts| session_token(k, &parts.headers))
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
        end(k.clone(), token, client()).await.map_err(fail)?;
    }
    clear_session_cookie(&k);
    leptos_axum::redirect("/auth/login");
    Ok(())
}

/// The account whose session the server already resumed for this request (a page load of a
/// signed-in page), so rendering does not look it up again.
#[derive(Clone, Debug)]
pub struct SessionAccount(pub Account);

/// A reset link the server already looked up for this request (the reset page, see the
/// server's `guards::check_reset_link`), so rendering does not look it up again. `link`:
/// `None` when it cannot be used (unknown, used, expired, revoked).
#[derive(Clone, Debug)]
pub struct CheckedResetLink {
    pub token: String,
    pub link: Option<crate::api::ResetLinkView>,
}

/// What the server found of `token` for this request, if it looked it up.
pub fn checked_reset_link(token: &str) -> Option<Option<crate::api::ResetLinkView>> {
    with_parts(|parts| {
        let checked = parts.extensions.get::<CheckedResetLink>()?;
        (checked.token == token).then(|| checked.link.clone())
    })
}

/// The signed-in account of the current request, if any.
pub async fn signed_in(k: &Latchkey) -> Result<Option<Account>, ApiError> {
    if let Some(account) = resumed_account() {
        return Ok(Some(account));
    }
    let Some(token) = request_session_token(k) else {
        return Ok(None);
    };
    k.resume_session(&token, unix_now()).await.map_err(fail)
}

/// The account whose session the server resumed before rendering this request's page (a
/// signed-in page), if it did (see `SessionAccount`).
pub fn resumed_account() -> Option<Account> {
    with_parts(|parts| parts.extensions.get::<SessionAccount>().map(|SessionAccount(account)| account.clone()))
}

/// What a page shows of the account the server resumed before rendering it, if it did.
pub fn resumed_account_view() -> Option<crate::api::AccountView> {
    with_parts(|parts| parts.extensions.get::<SessionAccount>().map(|SessionAccount(account)| account.into()))
}

/// The configured password policy, which a new password must meet.
pub fn configured_policy() -> Result<latchkey_policy::PasswordPolicy, ApiError> {
    Ok(services()?.config().password.clone())
}

/// The signed-in API Owner of the current request: `Unauthenticated` when signed out,
/// `Forbidden` for an API Consumer.
pub async fn signed_in_owner(k: &Latchkey) -> Result<Account, ApiError> {
    match signed_in(k).await? {
        Some(account) if account.role == latchkey_domain::accounts::Role::Owner => Ok(account),
        Some(_) => Err(fail(ApiError::Forbidden)),
        None => Err(fail(ApiError::Unauthenticated)),
    }
}

/// The session token of the current request, or `Unauthenticated`.
pub fn required_session_token(k: &Latchkey) -> Result<String, ApiError> {
    request_session_token(k).ok_or_else(|| fail(ApiError::Unauthenticated))
}

/// Sets the session cookie: `HttpOnly; SameSite=Lax; Path=/`, `Secure` behind https.
pub fn set_session_cookie(k: &Latchkey, token: &Secret<String>) {
    let max_age = Duration::seconds(k.config().sessions.absolute_timeout);
    append_cookie(k, session_cookie(k, token.expose().clone()).max_age(max_age));
}

/// The session cookie, on the shared domain when one is configured.
fn session_cookie(k: &Latchkey, value: String) -> cookie::CookieBuilder<'static> {
    let cookie = Cookie::build((session_cookie_name(k), value)).path("/");
    match &k.config().http.cookie_domain {
        Some(domain) => cookie.domain(domain.clone()),
        None => cookie,
    }
}

/// Remembers this browser as one that has logged into the account (see `domain::devices`).
pub fn set_device_cookie(k: &Latchkey, value: &Secret<String>) {
    let max_age = Duration::days(DEVICE_COOKIE_DAYS);
    append_cookie(k, Cookie::build((device_cookie_name(k), value.expose().clone())).max_age(max_age).path("/"));
}

pub fn clear_session_cookie(k: &Latchkey) {
    append_cookie(k, session_cookie(k, String::new()).max_age(Duration::ZERO));
}

/// A page that shows, after a no-JavaScript form post, the address that was typed: kept for a
/// few minutes in a cookie for that page only, so that it never travels in a URL.
#[derive(Clone, Copy)]
pub enum TypedEmail {
    /// A failed login: the form again, with the address filled in.
    Login,
    /// A reset request: the confirmation repeats the address.
    Forgot,
}

impl TypedEmail {
    fn cookie(self) -> (&'static str, &'static str) {
        match self {
            TypedEmail::Login => ("latchkey_login_email", "/auth/login"),
            TypedEmail::Forgot => ("latchkey_forgot_email", "/auth/forgot"),
        }
    }

    /// The cookie's name.
    pub fn cookie_name(self) -> &'static str {
        self.cookie().0
    }

    /// Keeps (or, with `None`, forgets) the address typed.
    pub fn remember(self, k: &Latchkey, email: Option<&str>) {
        let (value, max_age) = match email {
            Some(email) => (email.chars().take(254).collect(), Duration::minutes(5)),
            None => (String::new(), Duration::ZERO),
        };
        let (name, path) = self.cookie();
        append_cookie(k, Cookie::build((name, value)).max_age(max_age).path(path));
    }

    /// The address the request's cookie holds, if any.
    pub fn remembered(self) -> Option<String> {
        with_parts(|parts| cookie_value(&parts.headers, self.cookie_name()))
    }
}

/// The cookie remembering a language chosen on a page, for a year. Not a secret, but nothing
/// in the browser needs to read it either.
pub fn language_cookie(k: &Latchkey, lang: latchkey_i18n::Lang) -> String {
    let cookie = Cookie::build((latchkey_i18n::COOKIE, lang.code()))
        .max_age(Duration::days(365))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(k.config().is_https());
    cookie.build().encoded().to_string()
}

fn append_cookie(k: &Latchkey, cookie: cookie::CookieBuilder<'static>) {
    let cookie = cookie.http_only(true).same_site(SameSite::Lax).secure(k.config().is_https()).build();
    debug_assert!(is_latchkey_cookie(cookie.name()), "a cookie not named as Latchkey's: {}", cookie.name());
    if let (Some(response), Ok(value)) =
        (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie.encoded().to_string()))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a page's data gets when it asks for the services after its request has ended:
    /// "unavailable", as for any other fault the person cannot mend, and not a panic.
    #[test]
    fn services_asked_for_outside_a_request_are_unavailable() {
        Owner::new().with(|| assert_eq!(services().err(), Some(ApiError::Unavailable)));
    }

    #[test]
    fn every_cookie_of_latchkeys_is_named_as_its_own_and_no_other_is() {
        let ours = [SESSION_COOKIE, DEVICE_COOKIE, "__Host-latchkey_session", "__Host-latchkey_device"];
        let typed = [TypedEmail::Login.cookie_name(), TypedEmail::Forgot.cookie_name()];
        for name in ours.into_iter().chain(typed).chain([latchkey_i18n::COOKIE]) {
            assert!(is_latchkey_cookie(name), "{name}");
        }
        for name in ["_ga", "portal_session", "__Host-session", "sessionid", "my_latchkey_session", ""] {
            assert!(!is_latchkey_cookie(name), "{name}");
        }
    }
}
