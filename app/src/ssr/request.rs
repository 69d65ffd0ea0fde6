//! The request being answered, as the server's middleware left it.

use http::{header, request::Parts};
use latchkey_domain::{Latchkey, audit::Client};
use leptos::prelude::*;

use crate::api::ApiError;

/// The services the server put into the request's context. Every request's context has them;
/// only a page whose data was still loading when its request ended (the client left before the
/// page was whole) has lost them, and nothing waits for that answer: not worth an error in the log.
pub fn services() -> Result<Latchkey, ApiError> {
    use_context::<Latchkey>().ok_or_else(|| {
        tracing::debug!("services asked for after the request ended");
        ApiError::Unavailable
    })
}

/// Reads the current request's parts (its headers, and what the server's middleware put in its
/// extensions) in place: `use_context` would copy them all on every read.
pub(super) fn with_parts<R>(read: impl FnOnce(&Parts) -> Option<R>) -> Option<R> {
    with_context::<Parts, _>(read).flatten()
}

/// Who is asking (and the language they read), as the server's middleware worked it out.
pub fn client() -> Client {
    with_parts(|parts| parts.extensions.get::<Client>().cloned()).unwrap_or_default()
}

/// Whether the request is a plain HTML form submission (it accepts `text/html`).
pub fn is_browser_form() -> bool {
    with_parts(|parts| parts.headers.get(header::ACCEPT)?.to_str().ok().map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// A form posted without JavaScript from a page that sends no `Referer` (its URL carries a
/// secret) goes back to `page` (its path and query) explicitly, with the error of the
/// server function at `function` for the form to show (`?__err=`), as Leptos does by itself
/// where a `Referer` names the page.
pub fn send_form_back(page: &str, function: &str, err: &ApiError) {
    use leptos::server_fn::error::ServerFnUrlError;

    if !is_browser_form() {
        return;
    }
    // `to_url` wants a whole URL; only its path and query are sent.
    if let Ok(back) = ServerFnUrlError::new(function, err.clone()).to_url(&format!("http://page.invalid{page}")) {
        leptos_axum::redirect(&format!("{}?{}", back.path(), back.query().unwrap_or_default()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a page's data gets when it asks for the services after its request has ended:
    /// "unavailable", as for any other fault the person cannot mend, and not a panic.
    #[test]
    fn services_asked_for_outside_a_request_are_unavailable() {
        Owner::new().with(|| assert_eq!(services().err(), Some(ApiError::Unavailable)));
    }
}
