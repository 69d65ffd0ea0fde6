//! `GET /api/auth/verify`: who is signed in, for a reverse proxy's sub-request (nginx
//! `auth_request`, Traefik `forwardAuth`, Caddy `forward_auth`). Cheap: no hashing, the session
//! looked up by its key. Never a new cookie; `no-store` comes with every `/api/` answer.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Query, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use latchkey_app::ssr::session_token;
use latchkey_domain::{
    Latchkey,
    accounts::{Account, Role},
    links::{login_returning_to, page_url, safe_return_to},
    sessions::is_multi_factor,
    unix_now,
};
use serde::Deserialize;

use super::AppState;

#[derive(Deserialize)]
pub struct Verify {
    /// `owner`: only API Owners pass. `consumer`: anyone signed in.
    role: Option<String>,
    /// `true` (Traefik, Caddy): a signed-out visitor is sent to the login page.
    #[serde(default)]
    redirect: bool,
    /// `true`: only sessions signed in with two factors pass (403 for the others).
    #[serde(default)]
    mfa: bool,
}

pub async fn verify(State(state): State<AppState>, Query(query): Query<Verify>, req: Request) -> Response {
    let k = &state.latchkey;
    let required = match query.role.as_deref() {
        None | Some("consumer") => None,
        Some("owner") => Some(Role::Owner),
        Some(other) => {
            return (StatusCode::BAD_REQUEST, format!("unknown role '{other}': use owner or consumer")).into_response();
        }
    };
    let signed_in = match session_token(k, req.headers()) {
        Some(token) => k.live_session(&token, unix_now()).await,
        None => Ok(None),
    };
    match signed_in {
        // Held to the security page until a second factor is set up: not signed in for a portal.
        Ok(Some(session)) if session.second_factor_missing && query.redirect => {
            let security = page_url(&k.config().http.base_url, &["account", "security"]);
            (StatusCode::FOUND, [(header::LOCATION, security.to_string())]).into_response()
        }
        Ok(Some(session)) if session.second_factor_missing => StatusCode::UNAUTHORIZED.into_response(),
        Ok(Some(session))
            if required.is_none_or(|role| session.account.role == role)
                && (!query.mfa || is_multi_factor(&session.amr)) =>
        {
            identity(&session.account, &session.amr)
        }
        Ok(Some(_)) => StatusCode::FORBIDDEN.into_response(),
        Ok(None) if query.redirect => to_login(k, &req),
        Ok(None) => StatusCode::UNAUTHORIZED.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "session look-up failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// 200 with who is signed in (and how: `X-Latchkey-AMR`), for the proxy to pass on to the
/// portal.
fn identity(account: &Account, amr: &str) -> Response {
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| {
        // Names may hold any Unicode: sent as UTF-8 bytes, never with control characters.
        let clean: String = value.chars().filter(|c| !c.is_control()).collect();
        if let Ok(value) = HeaderValue::from_bytes(clean.as_bytes()) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("x-latchkey-account", &account.id.to_string());
    set("x-latchkey-email", &account.email);
    set("x-latchkey-name", account.name.as_deref().unwrap_or_default());
    set("x-latchkey-role", account.role.as_str());
    set("x-latchkey-amr", amr);
    (StatusCode::OK, headers).into_response()
}

/// 302 to the login page, returning afterwards to the page the proxy was asked about, when a
/// trusted proxy named it and its origin is one a login may return to.
fn to_login(k: &Latchkey, req: &Request) -> Response {
    let http = &k.config().http;
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let original = match (peer.is_some_and(|ip| http.trust_proxy.trusts(ip)), forwarded("x-forwarded-host")) {
        (true, Some(host)) => {
            let proto = forwarded("x-forwarded-proto").unwrap_or("https");
            let uri = forwarded("x-forwarded-uri").unwrap_or("/");
            safe_return_to(&format!("{proto}://{host}{uri}"), http)
        }
        _ => None,
    };
    let login = match original {
        Some(url) => login_returning_to(&http.base_url, url.as_str()),
        None => page_url(&http.base_url, &["auth", "login"]),
    };
    (StatusCode::FOUND, [(header::LOCATION, login.to_string())]).into_response()
}
