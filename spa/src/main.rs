//! The static single-page app: the same `App` as the server-rendered pages, rendered in the
//! browser, calling Latchkey's thin API through the same server functions. Where that API lives
//! is read from `<meta name="latchkey-api-base">` when the page starts, so an operator points a
//! built `dist/` at a server without rebuilding it.

use leptos::prelude::document;

fn main() {
    console_error_panic_hook::set_once();
    if let Some(base) = api_base() {
        // Set once, before anything calls the API; it lives as long as the page.
        leptos::server_fn::client::set_server_url(Box::leak(base.into_boxed_str()));
    }
    leptos::mount::mount_to_body(latchkey_app::App);
}

/// The API's origin from the meta tag; `None` (the page's own origin) when it is empty.
fn api_base() -> Option<String> {
    let meta = document().query_selector(r#"meta[name="latchkey-api-base"]"#).ok()??;
    let base = meta.get_attribute("content")?;
    let base = base.trim().trim_end_matches('/');
    (!base.is_empty()).then(|| base.to_owned())
}
