//! The HTTP surface: Leptos pages and server functions, health checks, and the middleware
//! that every response passes through.

mod body_limit;
mod client;
mod guards;
mod headers;
mod health;
mod ip_limit;
mod origin;

use axum::{
    Router,
    body::Body,
    extract::{FromRef, State},
    http::Request,
    middleware,
    response::IntoResponse,
    routing::get,
};
use latchkey_app::{App, shell};
use latchkey_domain::Latchkey;
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::trace::{DefaultOnFailure, TraceLayer};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub latchkey: Latchkey,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let latchkey = state.latchkey.clone();
        move || provide_context(latchkey.clone())
    };
    let render = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(&state, routes, context.clone(), render)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(middleware::from_fn_with_state(state.clone(), guards::redirect_by_session))
        .layer(middleware::from_fn_with_state(state.clone(), ip_limit::limit_auth_posts))
        .layer(middleware::from_fn_with_state(state.clone(), origin::refuse_cross_site_posts))
        .layer(middleware::from_fn_with_state(state.clone(), client::identify))
        .layer(middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .layer(middleware::from_fn(body_limit::refuse_large_bodies))
        // The span names the path only: query strings can carry reset tokens. A 5xx is logged
        // where it arises, with its cause (or not at all: 503 "busy" is load, not a fault).
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .with_state(state)
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    let latchkey = state.latchkey.clone();
    leptos_axum::handle_server_fns_with_context(move || provide_context(latchkey.clone()), req).await
}
