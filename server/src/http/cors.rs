use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use url::{Origin, Url};

use super::AppState;

/// The headers a browser may read from an API answer besides the safe ones: where a server
/// function sends the page next (`Location` and leptos' redirect mark) and when to retry.
const EXPOSED: &str = "location, serverfnredirect, retry-after";

/// Lets the static single-page app call the API (`/api/*`, the layer's routes) from its own origin: for an origin listed in
/// `LATCHKEY_CORS_ORIGINS` (exact match, never `*`), preflights are answered and answers carry
/// `Access-Control-Allow-Origin` with credentials. Any other origin gets no CORS headers, so
/// its browser keeps the answer from the page (and the Origin check refuses its POSTs).
pub async fn allow_listed_origins(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let listed = &state.latchkey.config().http.cors_origins;
    if listed.is_empty() {
        return next.run(req).await;
    }
    let origin = req.headers().get(header::ORIGIN).cloned().filter(|o| is_listed(o.to_str().unwrap_or(""), listed));
    let Some(origin) = origin else {
        let mut response = next.run(req).await;
        response.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    };
    let mut response = answer_or_preflight(req, next, "content-type, accept").await;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// CORS for any origin, without credentials (the OpenID Connect endpoints no cookie
/// authenticates): their answers rest on what the request carries, a code or a token.
pub async fn allow_any_origin(req: Request, next: Next) -> Response {
    let mut response = answer_or_preflight(req, next, "authorization, content-type").await;
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// A preflight's answer (GET and POST, with `headers`), or the request's own.
async fn answer_or_preflight(req: Request, next: Next, headers: &'static str) -> Response {
    if req.method() != Method::OPTIONS {
        return next.run(req).await;
    }
    let mut preflight = StatusCode::NO_CONTENT.into_response();
    let answer = preflight.headers_mut();
    answer.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
    answer.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(headers));
    answer.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    preflight
}

/// Whether `origin` (an `Origin` header's value) is one of `listed`, exactly.
pub fn is_listed(origin: &str, listed: &[Origin]) -> bool {
    Url::parse(origin).is_ok_and(|url| listed.contains(&url.origin()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_origins_are_listed() {
        let listed = [Url::parse("https://spa.example.com").unwrap().origin()];
        assert!(is_listed("https://spa.example.com", &listed));
        assert!(!is_listed("http://spa.example.com", &listed));
        assert!(!is_listed("https://spa.example.com:8443", &listed));
        assert!(!is_listed("https://evil.spa.example.com", &listed));
        assert!(!is_listed("null", &listed));
        assert!(!is_listed("*", &listed));
    }
}
