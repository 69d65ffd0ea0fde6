//! The login and forgot-password pages, as someone arriving without a session first sees them,
//! are the same for everyone who reads the same language. Each is rendered once per language
//! and answered from memory after that, every time with a fresh nonce for its hydration script
//! (in the page and in its Content-Security-Policy): a view of either then costs about what an
//! empty answer does.
//!
//! Only a plain `GET` with no query and no cookie a page reads is answered from memory.
//! Anything that makes a page someone's own (`?return_to=`, `?sent=1`, the cookie holding an
//! address typed a moment ago, a session) is rendered by Leptos as before.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use latchkey_app::{i18n::Lang, ssr::device_cookie_name};
use leptos::nonce::Nonce;

use super::{AppState, is_page, whole_pages};

/// The pages kept. Nothing on them depends on who asks, beyond the language.
const KEPT: [&str; 2] = ["/auth/login", "/auth/forgot"];

/// The pages rendered so far, by path and language: at most `KEPT` × the languages spoken.
#[derive(Default)]
pub struct PageCache(RwLock<HashMap<(&'static str, Lang), Arc<Page>>>);

pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = key(&state, &req) else {
        return next.run(req).await;
    };
    let kept = state.pages.0.read().ok().and_then(|pages| pages.get(&key).cloned());
    if let Some(page) = kept {
        return page.answer(&Nonce::new());
    }
    let response = next.run(req).await;
    let Some(nonce) = keepable(&response) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, whole_pages::MAX_PAGE_BYTES).await {
        Ok(html) => html,
        Err(err) => return whole_pages::not_rendered(err),
    };
    let page = Arc::new(Page::new(parts.headers, &html, &nonce));
    if let Ok(mut pages) = state.pages.0.write() {
        pages.insert(key, page.clone());
    }
    page.answer(&nonce)
}

/// The page and language a request asks for, when it may be answered from memory.
fn key(state: &AppState, req: &Request) -> Option<(&'static str, Lang)> {
    if req.method() != Method::GET || req.uri().query().is_some() {
        return None;
    }
    let path = KEPT.into_iter().find(|kept| *kept == req.uri().path())?;
    let device = device_cookie_name(&state.latchkey);
    let shared = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .all(|value| value.to_str().is_ok_and(|value| only_unread_cookies(value, device)));
    if !shared {
        return None;
    }
    Some((path, *req.extensions().get::<Lang>()?))
}

/// Whether a `Cookie` header holds only cookies no kept page reads: the language's (already
/// in the key) and the device's (read when logging in, never by a page).
fn only_unread_cookies(header: &str, device: &str) -> bool {
    header
        .split(';')
        .map(|pair| pair.split('=').next().unwrap_or_default().trim())
        .all(|name| name.is_empty() || name == latchkey_i18n::COOKIE || name == device)
}

/// The nonce of a whole, ordinary page that may be kept: a 200 that sets no cookie.
fn keepable(response: &Response) -> Option<String> {
    let headers = response.headers();
    if response.status() != StatusCode::OK || !is_page(headers) || headers.contains_key(header::SET_COOKIE) {
        return None;
    }
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let (_, rest) = policy.split_once("'nonce-")?;
    let (nonce, _) = rest.split_once('\'')?;
    (!nonce.is_empty()).then(|| nonce.to_owned())
}

/// A rendered page with holes where its nonce goes.
struct Page {
    headers: HeaderMap,
    policy: Holed,
    html: Holed,
}

impl Page {
    fn new(mut headers: HeaderMap, html: &[u8], nonce: &str) -> Page {
        let policy = headers.remove(header::CONTENT_SECURITY_POLICY).map(|p| p.as_bytes().to_vec()).unwrap_or_default();
        Page { headers, policy: Holed::new(&policy, nonce), html: Holed::new(html, nonce) }
    }

    fn answer(&self, nonce: &str) -> Response {
        let html = self.html.fill(nonce);
        let mut headers = self.headers.clone();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(html.len()));
        if let Ok(policy) = HeaderValue::from_bytes(&self.policy.fill(nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        let mut response = Response::new(Body::from(html));
        *response.headers_mut() = headers;
        response
    }
}

/// Text cut wherever a nonce stood.
struct Holed(Vec<Bytes>);

impl Holed {
    fn new(text: &[u8], nonce: &str) -> Holed {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.windows(nonce.len()).position(|window| window == nonce.as_bytes()) {
            pieces.push(Bytes::copy_from_slice(&rest[..at]));
            rest = &rest[at + nonce.len()..];
        }
        pieces.push(Bytes::copy_from_slice(rest));
        Holed(pieces)
    }

    fn fill(&self, nonce: &str) -> Bytes {
        let holes = self.0.len() - 1;
        let mut text = Vec::with_capacity(self.0.iter().map(Bytes::len).sum::<usize>() + holes * nonce.len());
        for (i, piece) in self.0.iter().enumerate() {
            if i > 0 {
                text.extend_from_slice(nonce.as_bytes());
            }
            text.extend_from_slice(piece);
        }
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_the_nonce_stood_gets_the_new_one() {
        let page = "<script nonce=\"N0nce\">go()</script><p>N0nce</p>N0nce";
        let holed = Holed::new(page.as_bytes(), "N0nce");
        assert_eq!(holed.fill("fresh"), "<script nonce=\"fresh\">go()</script><p>fresh</p>fresh");
        assert_eq!(Holed::new(b"no nonce here", "N0nce").fill("fresh"), "no nonce here");
        assert_eq!(Holed::new(b"N0nce", "N0nce").fill("x"), "x");
    }

    #[test]
    fn only_cookies_no_page_reads_leave_a_page_shared() {
        let device = "latchkey_device";
        assert!(only_unread_cookies("latchkey_lang=de", device));
        assert!(only_unread_cookies("latchkey_lang=de; latchkey_device=abc", device));
        assert!(only_unread_cookies("", device));
        assert!(!only_unread_cookies("latchkey_login_email=a%40b.example", device));
        assert!(!only_unread_cookies("latchkey_lang=de; latchkey_session=s", device));
        assert!(!only_unread_cookies("latchkey_device=abc; other=1", device));
    }

    #[test]
    fn a_page_that_sets_a_cookie_or_fails_is_never_kept() {
        let page = |status: StatusCode, cookie: bool| {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = status;
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("script-src 'nonce-abc' 'self'"));
            if cookie {
                headers.insert(header::SET_COOKIE, HeaderValue::from_static("a=b"));
            }
            response
        };
        assert_eq!(keepable(&page(StatusCode::OK, false)).as_deref(), Some("abc"));
        assert_eq!(keepable(&page(StatusCode::OK, true)), None);
        assert_eq!(keepable(&page(StatusCode::NOT_FOUND, false)), None);
    }
}
