//! The pages: a route for each row of `latchkey_app::PAGES`, rendered by Leptos, with the
//! layers its row asks for. Nothing here, nor in any layer, works out from a path which page it
//! is: the row says so.

use axum::{Router, middleware, routing::get};
use latchkey_app::{Access, PAGES, Page, shell};
use leptos::prelude::provide_context;

use super::{AppState, guards, headers, language, oidc};

pub fn routes(state: &AppState) -> Router<AppState> {
    // The executor Leptos' rendering spawns its tasks on (already set, after the first call).
    let _ = any_spawner::Executor::init_tokio();
    PAGES.iter().fold(Router::new(), |router, page| router.merge(route(state, page)))
}

/// One page, its layers from the inside out: who may see it, the headers of its kind, and the
/// language switch (which answers before anything else is done).
fn route(state: &AppState, page: &'static Page) -> Router<AppState> {
    let render = leptos_axum::render_app_async_with_context(context(state), app(state));
    let route = Router::new().route(page.path, get(render));
    let route = match page.access {
        Access::Anyone => route,
        Access::ResetLink => route.route_layer(middleware::from_fn_with_state(state.clone(), guards::check_reset_link)),
        Access::SignedIn | Access::OwnSecurity | Access::Owner => {
            route.route_layer(middleware::from_fn_with_state((state.clone(), page), guards::require_session))
        }
    };
    route
        .route_layer(middleware::from_fn_with_state(state.clone(), oidc::find_application_after_login))
        .route_layer(middleware::from_fn_with_state(page, headers::of_page))
        .route_layer(middleware::from_fn_with_state((state.clone(), page), language::switch))
}

/// Any other path: the "page not found" page.
pub fn not_found(
    state: &AppState,
) -> impl Fn(
    axum::http::Uri,
    axum::extract::State<AppState>,
    axum::extract::Request,
) -> std::pin::Pin<Box<dyn Future<Output = axum::response::Response> + Send + 'static>>
+ Clone
+ Send
+ 'static {
    leptos_axum::file_and_error_handler_with_context::<AppState, _>(context(state), shell)
}

/// What every page's rendering reads from its context besides the request: the services and
/// the assets' version.
fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let latchkey = state.latchkey.clone();
    let assets = state.asset_version.clone();
    move || {
        provide_context(latchkey.clone());
        provide_context(assets.clone());
    }
}

/// The whole document around `App`. Holds the state, not a copy of the options: axum clones a
/// route's handler for every request.
fn app(state: &AppState) -> impl Fn() -> leptos::prelude::AnyView + Clone + Send + Sync + 'static {
    use leptos::prelude::IntoAny;
    let state = state.clone();
    move || shell(state.leptos_options.clone()).into_any()
}

/// The routes Leptos' router knows are the table's, and no other.
#[cfg(test)]
mod tests {
    use latchkey_app::App;

    use super::*;

    #[test]
    fn the_router_knows_every_page_of_the_table_and_no_other() {
        let mut listed: Vec<String> =
            leptos_axum::generate_route_list(App).iter().map(|route| route.path().to_owned()).collect();
        let mut table: Vec<String> = PAGES.iter().map(|page| page.path.to_owned()).collect();
        listed.sort();
        table.sort();
        assert_eq!(listed, table);
    }
}
