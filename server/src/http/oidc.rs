//! The OpenID Connect provider's endpoints (CONTRACT §16): discovery, JWKS, authorize, token,
//! userinfo, revoke and logout. The rules live in `latchkey_domain::oidc`; this is their HTTP.
//! None of them is authenticated by a cookie but authorize and logout, so the others answer
//! any origin's scripts (CORS without credentials) and take cross-site POSTs.

use axum::{
    Extension, Form, Json, Router,
    extract::{Query, RawQuery, Request, State, rejection::FormRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use latchkey_app::ssr::{ApplicationAfterLogin, cleared_session_cookie, session_token};
use latchkey_domain::{
    audit::Client,
    links::{login_returning_to, page_url},
    oidc::{self, AuthorizeRequest, ClientCredentials, LogoutRequest, Refusal, TokenError, TokenRequest},
    secret::Secret,
    unix_now,
};
use serde::Deserialize;

use super::{AppState, cors, guards::signed_in, headers};

/// The endpoints a script of any origin may call: nothing of theirs rests on a cookie.
pub const OPEN_PATHS: [&str; 5] =
    ["/.well-known/openid-configuration", "/oauth2/jwks", "/oauth2/token", "/oauth2/userinfo", "/oauth2/revoke"];

pub fn routes(state: &AppState) -> Router<AppState> {
    let open = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/oauth2/jwks", get(jwks))
        .route("/oauth2/token", axum::routing::post(token))
        .route("/oauth2/userinfo", get(userinfo).post(userinfo))
        .route("/oauth2/revoke", axum::routing::post(revoke))
        .layer(middleware::from_fn(cors::allow_any_origin));
    Router::new()
        .route("/oauth2/authorize", get(authorize))
        .route("/oauth2/logout", get(logout))
        .merge(open)
        .layer(middleware::from_fn_with_state(state.clone(), no_store_but_keys))
}

async fn discovery(State(state): State<AppState>) -> Response {
    Json(oidc::discovery(&state.latchkey.config().http.base_url)).into_response()
}

async fn jwks(State(state): State<AppState>) -> Response {
    match state.latchkey.published_keys(unix_now()).await {
        Ok(keys) => Json(keys).into_response(),
        Err(err) => unavailable(&err),
    }
}

/// The authorization endpoint: an error page for an unknown application or redirect URI, the
/// application's own redirect URI for every other answer, the login page (coming back here)
/// for a signed-out person.
async fn authorize(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    Query(request): Query<AuthorizeRequest>,
    headers: HeaderMap,
) -> Response {
    let k = &state.latchkey;
    let now = unix_now();
    let checked = match k.check_authorize(&request).await {
        Ok(checked) => checked,
        Err(Refusal::UnknownApp) => return app_error("unknown-app"),
        Err(Refusal::RedirectUri) => return app_error("redirect-uri"),
        Err(Refusal::Redirect(url)) => return Redirect::to(url.as_str()).into_response(),
        Err(Refusal::System(err)) => return unavailable(&err),
    };
    let session = match signed_in(k, session_token(k, &headers)).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let base = &k.config().http.base_url;
    // Held to the security page until a second factor is set up (CONTRACT §12).
    if session.as_ref().is_some_and(|s| s.second_factor_missing) {
        return if checked.silent() {
            Redirect::to(checked.login_required().as_str()).into_response()
        } else {
            Redirect::to(page_url(base, &["account", "security"]).as_str()).into_response()
        };
    }
    match session.filter(|session| !checked.needs_login(Some(session), now)) {
        Some(session) => match k.grant_code(&checked, &session, now).await {
            Ok(url) => Redirect::to(url.as_str()).into_response(),
            Err(err) => unavailable(&err),
        },
        None if checked.silent() => Redirect::to(checked.login_required().as_str()).into_response(),
        None => {
            let back = checked.after_login(query.as_deref().unwrap_or_default(), now);
            Redirect::to(login_returning_to(base, &back).as_str()).into_response()
        }
    }
}

/// The token endpoint: `authorization_code` and `refresh_token`, the application proving
/// itself with `client_secret_basic`, `client_secret_post`, or (public) PKCE alone.
async fn token(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    form: Result<Form<TokenRequest>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return token_error(&TokenError::InvalidRequest("send the request as application/x-www-form-urlencoded"));
    };
    let credentials = match credentials(&headers, form.client_id.as_deref(), form.client_secret.as_deref()) {
        Ok(credentials) => credentials,
        Err(err) => return token_error(&err),
    };
    match state.latchkey.exchange(&form, &credentials, &client, unix_now()).await {
        Ok(tokens) => Json(tokens).into_response(),
        Err(err) => token_error(&err),
    }
}

/// The claims of the person an access token (`Authorization: Bearer`) speaks for.
async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    let Some(bearer) = bearer else {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    };
    match state.latchkey.user_info(bearer.trim(), unix_now()).await {
        Ok(Some(person)) => Json(person).into_response(),
        Ok(None) => {
            (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, r#"Bearer error="invalid_token""#)]).into_response()
        }
        Err(err) => unavailable(&err),
    }
}

#[derive(Deserialize)]
struct Revoke {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// RFC 7009: 200 for every token, known or not, once the application has proven itself.
async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Revoke>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return token_error(&TokenError::InvalidRequest("send the request as application/x-www-form-urlencoded"));
    };
    let Some(token) = form.token.as_deref() else {
        return token_error(&TokenError::InvalidRequest("token is missing"));
    };
    let revoked = match credentials(&headers, form.client_id.as_deref(), form.client_secret.as_deref()) {
        Ok(credentials) => state.latchkey.revoke(token, &credentials).await,
        Err(err) => Err(err),
    };
    match revoked {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err) => token_error(&err),
    }
}

/// RP-initiated logout: ends this browser's session and goes back to the application when it
/// named a registered `post_logout_redirect_uri`, else to the login page.
async fn logout(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Query(request): Query<LogoutRequest>,
    headers: HeaderMap,
) -> Response {
    let k = &state.latchkey;
    let now = unix_now();
    if let Some(token) = session_token(k, &headers)
        && let Err(err) = k.logout(&token, &client, now).await
    {
        return unavailable(&err);
    }
    let next = match k.after_logout(&request, now).await {
        Ok(Some(url)) => url.to_string(),
        Ok(None) => page_url(&k.config().http.base_url, &["auth", "login"]).to_string(),
        Err(err) => return unavailable(&err),
    };
    let mut response = Redirect::to(&next).into_response();
    if let Some(cleared) = cleared_session_cookie(k) {
        response.headers_mut().append(header::SET_COOKIE, cleared);
    }
    response
}

/// A page whose login returns to an application's authorization request (`?return_to=`): the
/// application's origin, for the page's `form-action`, when it and its redirect URI are
/// registered.
pub async fn find_application_after_login(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let query = req.uri().query().unwrap_or_default();
    let return_to = url::form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "return_to");
    if let Some((_, return_to)) = return_to
        && let Some(origin) = state.latchkey.application_after_login(&return_to).await
    {
        req.extensions_mut().insert(ApplicationAfterLogin(origin));
    }
    next.run(req).await
}

/// The application's id and secret: `Authorization: Basic` (each part form-encoded, RFC 6749
/// §2.3.1) or the form's `client_id` and `client_secret`, never both.
fn credentials(
    headers: &HeaderMap,
    client_id: Option<&str>,
    form_secret: Option<&str>,
) -> Result<ClientCredentials, TokenError> {
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
    match (basic, client_id) {
        (Some(basic), named) => {
            let decoded = STANDARD.decode(basic.trim()).ok().and_then(|bytes| String::from_utf8(bytes).ok());
            let (id, secret) =
                decoded.as_deref().and_then(|pair| pair.split_once(':')).ok_or(TokenError::InvalidClient)?;
            let decode = |part: &str| {
                url::form_urlencoded::parse(format!("x={part}").as_bytes()).next().map(|(_, v)| v.into_owned())
            };
            let id = decode(id).unwrap_or_default();
            if named.is_some_and(|named| named != id) || form_secret.is_some() {
                return Err(TokenError::InvalidRequest("use one way of sending the client's credentials"));
            }
            Ok(ClientCredentials { client_id: id, secret: decode(secret).map(Secret::new) })
        }
        (None, Some(id)) => {
            Ok(ClientCredentials { client_id: id.to_owned(), secret: form_secret.map(|s| Secret::new(s.to_owned())) })
        }
        (None, None) => Err(TokenError::InvalidClient),
    }
}

/// An error of the token or revocation endpoint, as RFC 6749 §5.2 writes it.
fn token_error(err: &TokenError) -> Response {
    let status = match err {
        TokenError::InvalidClient => StatusCode::UNAUTHORIZED,
        TokenError::System(cause) => {
            log_failure(cause);
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let body = Json(serde_json::json!({ "error": err.code(), "error_description": err.description() }));
    let mut response = (status, body).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(r#"Basic realm="latchkey""#));
    }
    response
}

/// The error page for a request that names no application of ours, or a redirect URI that is
/// not one of its own: nothing may be sent to that URI.
fn app_error(reason: &str) -> Response {
    Redirect::to(&format!("/auth/app-error?reason={reason}")).into_response()
}

fn unavailable(err: &latchkey_domain::Error) -> Response {
    log_failure(err);
    (StatusCode::SERVICE_UNAVAILABLE, "The service is temporarily unavailable.").into_response()
}

/// The one log line of a failed endpoint here: the system's error (a database or key failure,
/// whose text holds no request value), never what the request carried.
fn log_failure(err: &latchkey_domain::Error) {
    tracing::error!(error = %err, "an OpenID Connect endpoint failed");
}

/// Every answer here is `no-store`, but the discovery document and the keys, which clients
/// may keep five minutes (a new key is fetched when a token names one they do not know).
async fn no_store_but_keys(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let value = if matches!(path.as_str(), "/.well-known/openid-configuration" | "/oauth2/jwks") {
        HeaderValue::from_static("public, max-age=300")
    } else {
        headers::no_store().1
    };
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}
