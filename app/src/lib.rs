//! The pages, the types they share with the server, and the server functions behind them.
//! Built with `ssr` into the server, with `hydrate` into the wasm bundle that brings the server
//! pages' islands to life, and with `csr` into the single-page app.

pub mod api;
mod at_hand;
mod components;
pub mod i18n;
mod links;
mod pages;
pub mod routes;
mod shell;
mod site;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use routes::{Access, PAGES, Page};
pub use shell::{AssetVersion, shell};
use site::Site;

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Router, Routes};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::page_lang());
    let site = Site::here();
    provide_context(site.clone());
    let title_site = site.clone();
    view! {
        // Every title reads `<page> · <portal name>` (CONTRACT §4).
        <Title formatter=move |page: String| match title_site.portal_name() {
            Some(portal) => format!("{page} · {portal}"),
            None => page,
        } />
        <Router>
            <components::SiteHeader site />
            <main id="main">
                {page_routes()}
            </main>
            <HydrationMark />
        </Router>
    }
}

/// The router's routes: one per row of the table of pages (`routes::PAGES`).
fn page_routes() -> impl IntoView {
    use leptos::children::ToChildren;
    use leptos_router::components::{RouteChildren, RoutesProps};
    Routes(
        RoutesProps::builder()
            .fallback(pages::NotFoundPage)
            .children(RouteChildren::to_children(routes::routes))
            .build(),
    )
}

/// Marks `<body data-hydrated="true">` once the page is interactive: the last island on the page
/// (islands hydrate in document order), or the single-page app once it has started. Tests, and
/// curious people, can tell that the scripts have run.
#[island]
fn HydrationMark() -> impl IntoView {
    // Effects run only in the browser.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// The browser's entry point for server-rendered pages: only the islands (the interactive
/// fields and the mark above) come to life; the rest of the page stays the server's HTML.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
