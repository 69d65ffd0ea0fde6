//! The API: the server functions (one route; each request finds its function by its path) and
//! forward auth's `verify`, with what every API answer carries: `no-store`, CORS for the listed
//! origins, and, on `/api/auth/*` POSTs, the per-IP limit. A server function that failed gets
//! its status here, for every function at once.

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    handler::Handler,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use latchkey_app::api::ApiError;
use leptos::{
    prelude::provide_context,
    server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER},
};

use super::{AppState, cors, headers, ip_limit, verify};

/// An error's body is a few hundred bytes; anything near this is not one.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub fn routes(state: &AppState) -> Router<AppState> {
    let limited = middleware::from_fn_with_state(state.clone(), ip_limit::limit_auth_posts);
    Router::new()
        .route("/api/auth/verify", get(verify::verify))
        .route("/api/auth/{*function}", get(server_fn).post(server_fn.layer(limited)))
        .route("/api/{*function}", get(server_fn).post(server_fn))
        .layer(middleware::from_fn(no_store))
        .layer(middleware::from_fn_with_state(state.clone(), cors::allow_listed_origins))
}

async fn server_fn(State(state): State<AppState>, req: Request) -> Response {
    let latchkey = state.latchkey.clone();
    let response = leptos_axum::handle_server_fns_with_context(move || provide_context(latchkey.clone()), req).await;
    with_error_status(response.into_response()).await
}

/// Leptos answers a failed server function with 500 and the error (an [`ApiError`]) as its
/// body; it goes out with the error's own status, and `Retry-After` when it says when to try
/// again. A form posted without JavaScript was sent back to its page instead (a redirect, which
/// shows the error), and is left as it is.
async fn with_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let error = ApiError::de(bytes.clone());
    parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let ApiError::Throttled { retry_after } | ApiError::Busy { retry_after } = error
        && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
    {
        parts.headers.insert(header::RETRY_AFTER, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn no_store(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let (name, value) = headers::no_store();
    response.headers_mut().insert(name, value);
    response
}
