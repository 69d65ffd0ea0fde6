use axum::{
    extract::{Request, State},
    http::{Extensions, HeaderMap, HeaderName, HeaderValue, StatusCode, Version, header},
    middleware::Next,
    response::Response,
};

use super::AppState;

/// Headers every response carries, and the stricter ones for the account-access pages. Pages
/// set their own Content-Security-Policy (with the hydration script's nonce); anything else
/// gets one that allows nothing.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    if carries_a_secret(&path) {
        response.extensions_mut().insert(Uncompressed);
    }
    let headers = response.headers_mut();
    for (name, value) in protective_headers(&path, state.latchkey.config().is_https()) {
        if name != header::CONTENT_SECURITY_POLICY || !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    response
}

/// Marks a response that must go out uncompressed.
#[derive(Clone, Copy)]
struct Uncompressed;

/// The reset page carries its link's token in the form. Compressing a secret beside text an
/// attacker may influence is what BREACH measures, so those pages are sent as they are.
fn carries_a_secret(path: &str) -> bool {
    path.starts_with("/auth/reset")
}

/// Whether a response is worth compressing: text of some size that is not compressed already
/// and carries no secret.
pub fn worth_compressing(_: StatusCode, _: Version, headers: &HeaderMap, extensions: &Extensions) -> bool {
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/") || t.starts_with("application/json"));
    let size = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    text && size.is_none_or(|n| n >= 512) && extensions.get::<Uncompressed>().is_none()
}

fn protective_headers(path: &str, https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'")),
    ];
    let private = ["/auth/", "/api/", "/account/", "/admin/"].iter().any(|prefix| path.starts_with(prefix));
    if private || path == "/account" {
        headers.push((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    }
    // The reset link's token must never leave in a Referer header.
    if path.starts_with("/auth/reset") {
        headers.push((header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")));
    }
    if https {
        headers
            .push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str, https: bool) -> Vec<HeaderName> {
        protective_headers(path, https).into_iter().map(|(name, _)| name).collect()
    }

    #[test]
    fn hsts_only_behind_https() {
        assert!(names("/auth/login", true).contains(&header::STRICT_TRANSPORT_SECURITY));
        assert!(!names("/auth/login", false).contains(&header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn account_pages_are_never_cached_and_the_reset_page_sends_no_referrer() {
        assert!(names("/auth/forgot", false).contains(&header::CACHE_CONTROL));
        assert!(names("/account", false).contains(&header::CACHE_CONTROL));
        assert!(names("/account/password", false).contains(&header::CACHE_CONTROL));
        assert!(names("/admin/users", false).contains(&header::CACHE_CONTROL));
        assert!(!names("/pkg/latchkey.wasm", false).contains(&header::CACHE_CONTROL));
        assert!(names("/auth/reset/code", false).contains(&header::REFERRER_POLICY));
        assert!(!names("/auth/login", false).contains(&header::REFERRER_POLICY));
    }
}
