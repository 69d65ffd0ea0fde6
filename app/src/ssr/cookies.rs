//! Latchkey's cookies: the session, the device, a login's second step, recovery codes waiting
//! to be shown, the address a form kept, and the language.

use cookie::{Cookie, SameSite, time::Duration};
use http::{HeaderMap, HeaderValue, header};
use latchkey_domain::{Latchkey, secret::Secret};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::request::with_parts;

const SESSION_COOKIE: &str = "latchkey_session";
const DEVICE_COOKIE: &str = "latchkey_device";
/// How long a browser is remembered as one that has logged in before.
const DEVICE_COOKIE_DAYS: i64 = 365;

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

/// The cookie that holds a login's second step (see `domain::second_factor`): this browser's
/// alone, for as long as the step lasts, `__Host-` prefixed behind https.
pub fn pending_login_cookie_name(k: &Latchkey) -> &'static str {
    if k.config().is_https() { "__Host-latchkey_pending_login" } else { "latchkey_pending_login" }
}

/// Holds the second step of this browser's login (`None` forgets it).
pub fn set_pending_login_cookie(k: &Latchkey, token: Option<&Secret<String>>) {
    let (value, max_age) = match token {
        Some(token) => (token.expose().clone(), Duration::seconds(latchkey_domain::second_factor::PENDING_SECONDS)),
        None => (String::new(), Duration::ZERO),
    };
    append_cookie(k, Cookie::build((pending_login_cookie_name(k), value)).max_age(max_age).path("/"));
}

/// The second step of this request's login, if it holds one.
pub fn pending_login_token(k: &Latchkey) -> Option<String> {
    with_parts(|parts| cookie_value(&parts.headers, pending_login_cookie_name(k)))
}

/// Secrets a page shows once, waiting (sealed) in a cookie for that page alone.
#[derive(Clone, Copy)]
pub enum ShownOnce {
    /// New recovery codes.
    RecoveryCodes,
    /// A new application's client id and secret.
    NewApp,
}

impl ShownOnce {
    /// The cookie's name and path (the page's).
    fn cookie(self) -> (&'static str, &'static str) {
        match self {
            ShownOnce::RecoveryCodes => ("latchkey_recovery_codes", crate::routes::RECOVERY_CODES_PAGE),
            ShownOnce::NewApp => ("latchkey_new_app", crate::routes::NEW_APP_PAGE),
        }
    }

    /// What the domain calls them when it seals them.
    pub fn label(self) -> &'static str {
        match self {
            ShownOnce::RecoveryCodes => "recovery codes",
            ShownOnce::NewApp => "new application",
        }
    }
}

/// Keeps secrets, sealed, for the page that shows them (`None` forgets them).
pub fn set_shown_once_cookie(k: &Latchkey, what: ShownOnce, sealed: Option<String>) {
    let (value, max_age) = match sealed {
        Some(sealed) => (sealed, Duration::minutes(5)),
        None => (String::new(), Duration::ZERO),
    };
    let (name, path) = what.cookie();
    append_cookie(k, Cookie::build((name, value)).max_age(max_age).path(path));
}

/// The sealed secrets of this kind that this request's cookie holds, if any.
pub fn shown_once_cookie(what: ShownOnce) -> Option<String> {
    with_parts(|parts| cookie_value(&parts.headers, what.cookie().0))
}

pub fn clear_session_cookie(k: &Latchkey) {
    if let (Some(response), Some(value)) = (use_context::<ResponseOptions>(), cleared_session_cookie(k)) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The `Set-Cookie` value that ends the session cookie, also for answers made outside Leptos.
pub fn cleared_session_cookie(k: &Latchkey) -> Option<HeaderValue> {
    header_value(k, session_cookie(k, String::new()).max_age(Duration::ZERO))
}

/// A page that shows, after a no-JavaScript form post, what was typed into it: kept for a few
/// minutes in a cookie for that page only, so that it never travels in a URL.
#[derive(Clone, Copy)]
pub enum Typed {
    /// A failed login: the form again, with the address filled in.
    LoginEmail,
    /// A reset request: the confirmation repeats the address.
    ForgotEmail,
    /// A sign-up: the form again after a problem, or the confirmation repeating the address.
    SignupEmail,
    /// A sign-up: the form again after a problem, with the name filled in.
    SignupName,
    /// **Add application** again after a problem: its name, redirect URIs (one per line),
    /// post-logout redirect URIs, and whether it is public.
    AppName,
    AppRedirectUris,
    AppPostLogoutUris,
    AppPublic,
}

impl Typed {
    fn cookie(self) -> (&'static str, &'static str) {
        match self {
            Typed::LoginEmail => ("latchkey_login_email", "/auth/login"),
            Typed::ForgotEmail => ("latchkey_forgot_email", "/auth/forgot"),
            Typed::SignupEmail => ("latchkey_signup_email", "/auth/signup"),
            Typed::SignupName => ("latchkey_signup_name", "/auth/signup"),
            Typed::AppName => ("latchkey_app_name", "/admin/apps"),
            Typed::AppRedirectUris => ("latchkey_app_redirect_uris", "/admin/apps"),
            Typed::AppPostLogoutUris => ("latchkey_app_post_logout_uris", "/admin/apps"),
            Typed::AppPublic => ("latchkey_app_public", "/admin/apps"),
        }
    }

    /// How much of what was typed is kept: an address or a name, or a few URIs one per line
    /// (a cookie holds about 4 KB).
    fn max_chars(self) -> usize {
        match self {
            Typed::AppRedirectUris | Typed::AppPostLogoutUris => 1000,
            _ => 254,
        }
    }

    /// Keeps (or, with `None`, forgets) what was typed.
    pub fn remember(self, k: &Latchkey, typed: Option<&str>) {
        let (value, max_age) = match typed {
            Some(typed) => (typed.chars().take(self.max_chars()).collect(), Duration::minutes(5)),
            None => (String::new(), Duration::ZERO),
        };
        let (name, path) = self.cookie();
        append_cookie(k, Cookie::build((name, value)).max_age(max_age).path(path));
    }

    /// What the request's cookie holds, if anything.
    pub fn remembered(self) -> Option<String> {
        with_parts(|parts| cookie_value(&parts.headers, self.cookie().0))
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
    if let (Some(response), Some(value)) = (use_context::<ResponseOptions>(), header_value(k, cookie)) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// A cookie as a `Set-Cookie` value: `HttpOnly; SameSite=Lax`, `Secure` behind https.
fn header_value(k: &Latchkey, cookie: cookie::CookieBuilder<'static>) -> Option<HeaderValue> {
    let cookie = cookie.http_only(true).same_site(SameSite::Lax).secure(k.config().is_https()).build();
    HeaderValue::from_str(&cookie.encoded().to_string()).ok()
}
