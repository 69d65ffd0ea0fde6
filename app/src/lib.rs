//! The pages, the types they share with the server, and the server functions behind them.
//! Built with `ssr` into the server, with `hydrate` into the wasm bundle that brings the server
//! pages' islands to life, and with `csr` into the single-page app.

pub mod api;
mod components;
pub mod i18n;
mod links;
mod pages;
mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod time;

pub use shell::{AssetVersion, shell};

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::page_lang());
    // The operator's settings, fetched once per page for the header and every title.
    let site = OnceResource::new(api::site_info());
    provide_context(site);
    let portal = known_portal_name();
    view! {
        // Every title reads `<page> · <portal name>` (CONTRACT §4).
        <Title formatter=move |page: String| match portal.clone().or_else(|| fetched_portal_name(site)) {
            Some(portal) => format!("{page} · {portal}"),
            None => page,
        } />
        <Router>
            <components::SiteHeader />
            <main id="main">
                // Async: every page arrives complete, so it works without JavaScript (streamed
                // Suspense content would need a script to be put in place).
                <Routes fallback=pages::NotFoundPage>
                    <Route path=path!("/auth/login") view=pages::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/auth/forgot") view=pages::ForgotPage ssr=SsrMode::Async />
                    <Route path=path!("/auth/reset/code") view=pages::ResetPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/auth/reset/done")
                        view=pages::ResetDonePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account") view=pages::AccountPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/password")
                        view=pages::ChangePasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/users") view=pages::UsersPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/users/delete")
                        view=pages::DeleteUserPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/audit") view=pages::AuditPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <HydrationMark />
        </Router>
    }
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

/// The portal's name where it is known without waiting: from the configuration on the server
/// (the title is rendered after the page, when its resources may already be gone); in the
/// browser, from the document's title if it names one. The single-page app learns it from the API.
fn known_portal_name() -> Option<String> {
    #[cfg(feature = "ssr")]
    return use_context::<latchkey_domain::Latchkey>().map(|k| k.config().http.portal_name.clone());
    #[cfg(not(feature = "ssr"))]
    return document().title().rsplit_once(" · ").map(|(_, portal)| portal.to_owned());
}

/// The portal's name from `/api/site`, once it has arrived.
fn fetched_portal_name(site: OnceResource<Result<api::Site, api::ApiError>>) -> Option<String> {
    match site.try_get().flatten() {
        Some(Ok(site)) => Some(site.portal_name),
        _ => None,
    }
}
