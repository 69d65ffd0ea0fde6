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
        Some(token) => k.resume_session(&token, unix_now()).await,
        None => Ok(None),
    };
    match signed_in {
        Ok(Some(account)) if required.is_none_or(|role| account.role == role) => identity(&account),
        Ok(Some(_)) => StatusCode::FORBIDDEN.into_response(),
        Ok(None) if query.redirect => to_login(k, &req),
        Ok(None) => StatusCode::UNAUTHORIZED.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "session look-up failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// 200 with who is signed in, for the proxy to pass on to the portal.
fn identity(account: &Account) -> Response {
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
