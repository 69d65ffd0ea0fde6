//! Pages go out in one piece. Leptos renders a page as a stream of chunks (the document, then
//! the meta tags it injects, then an empty chunk that releases the page's reactive owner);
//! hyper would send those as a chunked body, a write each. A page is a few kilobytes: it is
//! gathered here and sent with its `Content-Length`, in one write.

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Far above any page (the accounts page lists at most a page of accounts).
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub async fn gather(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let streamed_html = !response.headers().contains_key(header::CONTENT_LENGTH) && super::is_page(response.headers());
    if !streamed_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(page) => {
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(page.len()));
            Response::from_parts(parts, Body::from(page))
        }
        Err(err) => not_rendered(err),
    }
}

/// The answer when a page's body fails while it is gathered.
pub fn not_rendered(err: axum::Error) -> Response {
    tracing::error!(error = %err, "a page could not be rendered");
    (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be shown.").into_response()
}
