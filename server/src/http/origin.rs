use axum::{
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use url::{Origin, Url};

use super::{AppState, cors::is_listed};

/// The one POST authenticated by its body (the reset token) rather than by a cookie. Browsers
/// send `Origin: null` from a page served with `Referrer-Policy: no-referrer`, so it accepts that
/// from any browser; other POSTs accept it only with `Sec-Fetch-Site: same-origin`.
const RESET_PATH: &str = <latchkey_app::api::Reset as leptos::server_fn::ServerFn>::PATH;
const SEC_FETCH_SITE: header::HeaderName = header::HeaderName::from_static("sec-fetch-site");

/// Refuses cross-site POSTs with 403 (but for the OpenID Connect endpoints that no cookie
/// authenticates, which applications' scripts call from their own origins): a browser names the site a form came from in `Origin`
/// (or, failing that, `Referer`), and it must be the base URL's or one listed in
/// `LATCHKEY_CORS_ORIGINS` (the single-page app's); a browser that says
/// `Sec-Fetch-Site: cross-site` is refused unless its `Origin` is listed. `Origin: null` (a form
/// on a page that carries a secret, sent with `no-referrer`) passes when the browser says the
/// form is of this origin (`Sec-Fetch-Site`, which no page can set). Clients that send none
/// of these (curl, scripts) are not browsers acting for someone else, and pass.
pub async fn refuse_cross_site_posts(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || super::oidc::OPEN_PATHS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let http = &state.latchkey.config().http;
    let expected = http.base_url.origin();
    let headers = req.headers();
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let listed = header(header::ORIGIN).is_some_and(|origin| is_listed(origin, &http.cors_origins));
    let cross_site = header(SEC_FETCH_SITE) == Some("cross-site");
    let allowed = listed
        || !cross_site
            && match (header(header::ORIGIN), header(header::REFERER)) {
                (Some("null"), _) => req.uri().path() == RESET_PATH || header(SEC_FETCH_SITE) == Some("same-origin"),
                (Some(origin), _) | (None, Some(origin)) => same_site(origin, &expected),
                (None, None) => true,
            };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-site POST refused");
        (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
    }
}

/// Whether `url` is on the `expected` origin. On a loopback base URL (development), every
/// loopback name for the same scheme and port counts: `localhost:3000` is `127.0.0.1:3000`.
fn same_site(url: &str, expected: &Origin) -> bool {
    let Ok(url) = Url::parse(url) else {
        return false;
    };
    let origin = url.origin();
    if origin == *expected {
        return true;
    }
    match (&origin, expected) {
        (Origin::Tuple(scheme, host, port), Origin::Tuple(want_scheme, want_host, want_port)) => {
            scheme == want_scheme && port == want_port && is_loopback(host) && is_loopback(want_host)
        }
        _ => false,
    }
}

fn is_loopback(host: &url::Host) -> bool {
    match host {
        url::Host::Domain(name) => *name == "localhost",
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_means_the_base_urls_origin() {
        let base = Url::parse("https://portal.example.com").unwrap().origin();
        assert!(same_site("https://portal.example.com", &base));
        assert!(same_site("https://portal.example.com/auth/login?x=1", &base));
        assert!(!same_site("https://evil.example", &base));
        assert!(!same_site("http://portal.example.com", &base));
        assert!(!same_site("https://portal.example.com:8443", &base));
        assert!(!same_site("not a url", &base));
    }

    #[test]
    fn loopback_names_are_one_site_in_development() {
        let base = Url::parse("http://127.0.0.1:3000").unwrap().origin();
        assert!(same_site("http://localhost:3000", &base));
        assert!(same_site("http://[::1]:3000", &base));
        assert!(!same_site("http://localhost:3001", &base));
        let public = Url::parse("https://portal.example.com").unwrap().origin();
        assert!(!same_site("https://localhost", &public));
    }
}
