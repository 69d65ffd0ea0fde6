//! Headers every answer carries, and those a page's row asks for.

use axum::{
    extract::{Request, State},
    http::{Extensions, HeaderMap, HeaderName, HeaderValue, StatusCode, Version, header},
    middleware::Next,
    response::Response,
};
use latchkey_app::Page;

use super::AppState;

/// Every answer: no sniffing, no framing, HSTS behind https, and a Content-Security-Policy that
/// allows nothing unless the answer set its own (a page's, with its hydration script's nonce).
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    if state.latchkey.config().is_https() {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// A page's answer (and every redirect it gives): never kept by a cache, since every page is
/// someone's own or a step of signing in; and for a page whose URL carries a secret, no
/// `Referer` that would carry it on, and no compression (see `Page::secret`).
pub async fn of_page(State(page): State<&'static Page>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    for (name, value) in page_headers(page) {
        response.headers_mut().insert(name, value);
    }
    if page.secret {
        response.extensions_mut().insert(Uncompressed);
    }
    response
}

fn page_headers(page: &Page) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![no_store()];
    if page.secret {
        headers.push((header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")));
    }
    headers
}

/// `Cache-Control: no-store`: pages and every API answer.
pub fn no_store() -> (HeaderName, HeaderValue) {
    (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

/// Marks an answer that must go out uncompressed.
#[derive(Clone, Copy)]
struct Uncompressed;

/// Whether an answer is worth compressing: text of some size that is not compressed already
/// and carries no secret.
pub fn worth_compressing(_: StatusCode, _: Version, headers: &HeaderMap, extensions: &Extensions) -> bool {
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/") || t.starts_with("application/json"));
    let size = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    text && size.is_none_or(|n| n >= 512) && extensions.get::<Uncompressed>().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_never_cached_and_one_carrying_a_secret_sends_no_referrer() {
        for page in &latchkey_app::PAGES {
            let names: Vec<HeaderName> = page_headers(page).into_iter().map(|(name, _)| name).collect();
            assert!(names.contains(&header::CACHE_CONTROL), "{}", page.path);
            assert_eq!(names.contains(&header::REFERRER_POLICY), page.secret, "{}", page.path);
        }
        let reset = latchkey_app::routes::page("/auth/reset/code").unwrap();
        assert!(reset.secret, "the reset page carries its link's token");
    }
}
