//! The HTTP surface: Leptos pages and server functions, health checks, and the middleware
//! that every response passes through.

mod api;
mod body_limit;
mod client;
mod cors;
mod guards;
mod headers;
mod health;
mod ip_limit;
mod language;
mod oidc;
mod origin;
mod pages;
mod verify;
mod whole_pages;

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    extract::{FromRef, State},
    http::{HeaderValue, Request},
    middleware,
    routing::get,
};
use latchkey_app::AssetVersion;
use latchkey_domain::Latchkey;
use leptos::config::LeptosOptions;
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    services::ServeDir,
    trace::{DefaultOnFailure, TraceLayer},
};

/// What every handler and middleware shares. A clone is one reference count: axum hands each
/// middleware its own copy on every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The state behind an [`AppState`].
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub latchkey: Latchkey,
    /// The built assets' version (see `site::asset_version`).
    pub asset_version: AssetVersion,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, latchkey: Latchkey, asset_version: AssetVersion) -> Self {
        AppState(Arc::new(Shared { leptos_options, latchkey, asset_version }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Every route: the pages (one per row of `latchkey_app::PAGES`, each with the layers its row
/// asks for), the API, health checks and assets; then the layers every answer passes through,
/// none of which asks which page a path is.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(guards::home))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/brand.css", get(brand_css))
        .route("/passkeys.js", get(passkeys_js))
        .route("/pkg/{*file}", get(asset))
        .merge(api::routes(&state))
        .merge(oidc::routes(&state))
        .merge(pages::routes(&state))
        .fallback(pages::not_found(&state))
        .route_layer(middleware::from_fn(crate::metrics::record_requests))
        .layer(middleware::from_fn_with_state(state.clone(), origin::refuse_cross_site_posts))
        .layer(middleware::from_fn_with_state(state.clone(), client::identify))
        .layer(middleware::from_fn_with_state(state.clone(), language::choose))
        // Inside the security headers, so that a page it could not gather (a 500) has them too.
        .layer(middleware::from_fn(whole_pages::gather))
        .layer(middleware::from_fn_with_state(state.clone(), headers::security_headers))
        // Pages and JSON go out compressed when the client accepts it (the built assets are
        // already, from their .br/.gz copies). Quick brotli: a page is a few kilobytes.
        .layer(
            CompressionLayer::new()
                .no_deflate()
                .no_zstd()
                .quality(CompressionLevel::Precise(4))
                .compress_when(headers::worth_compressing),
        )
        .layer(middleware::from_fn(body_limit::refuse_large_bodies))
        // The span names the request id and the path only: query strings can carry reset
        // tokens. Every log line of the request carries the span. A 5xx is logged where it
        // arises, with its cause (or not at all: 503 "busy" is load, not a fault).
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    let id = req.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
                    tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
                })
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RequestIds))
        .with_state(state)
}

/// `/pkg/…`: the built assets, with their .br/.gz copies. Under this build's version
/// (`/pkg/<version>/pkg/…`, the URLs the pages use) browsers may keep them for good; under
/// their plain names they ask again. Served apart from Leptos: its file handler runs each file
/// in a reactive owner that could adopt a page rendered at the same moment on the same thread
/// and take that page's headers, its Content-Security-Policy with them (the page then fell
/// back to "default-src 'none'" and never hydrated).
async fn asset(State(state): State<AppState>, req: Request<Body>) -> axum::response::Response {
    use axum::{
        http::{StatusCode, header},
        response::IntoResponse,
    };
    let path = req.uri().path();
    let versioned = path.strip_prefix("/pkg/").and_then(|rest| rest.strip_prefix(&*state.asset_version.0));
    let (file, immutable) = match versioned {
        Some(rest) if rest.starts_with("/pkg/") => (rest.to_owned(), true),
        _ => (path.to_owned(), false),
    };
    let (mut parts, body) = req.into_parts();
    let Ok(uri) = file.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    let mut files = ServeDir::new(&*state.leptos_options.site_root).precompressed_br().precompressed_gzip();
    match files.try_call(Request::from_parts(parts, body)).await {
        Ok(response) => {
            let mut response = response.map(Body::new);
            if immutable && response.status() == StatusCode::OK {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
            }
            response
        }
        Err(err) => {
            tracing::error!(error = %err, "an asset could not be read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `LATCHKEY_ACCENT_COLOR` as a stylesheet (the pages' policy allows no inline styles); 404
/// without one.
async fn brand_css(State(state): State<AppState>) -> axum::response::Response {
    use axum::{
        http::{StatusCode, header},
        response::IntoResponse,
    };
    match state.latchkey.config().http.brand.stylesheet() {
        Some(css) => ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], css)
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The browser side of passkeys (WebAuthn), which the pages that use them load: a few lines
/// of plain JavaScript rather than more of the wasm bundle.
async fn passkeys_js() -> impl axum::response::IntoResponse {
    use axum::http::header;
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")],
        include_str!("../../../app/js/passkeys.js"),
    )
}

/// Whether a response is an HTML page (Leptos' pages, the 404 page).
fn is_page(headers: &axum::http::HeaderMap) -> bool {
    headers.get(axum::http::header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
}

const X_REQUEST_ID: &str = "x-request-id";

/// Request ids: 96 random bits, hex. A proxy's own `X-Request-Id` is kept.
#[derive(Clone, Copy)]
struct RequestIds;

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = latchkey_domain::token::random_hex::<12>().ok()?;
        HeaderValue::try_from(id).ok().map(RequestId::new)
    }
}
