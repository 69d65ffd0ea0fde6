//! Pages that are the same for everyone who reads the same language are answered from memory:
//! the login and forgot-password pages as someone arriving without a session first sees them,
//! and the reset page of a usable link, which differs from one person to the next only in the
//! account's address and the link's token. Each is rendered once per language (the reset page
//! also once for a reset and once for an invitation) and kept with holes where its nonce — and
//! the address and the token — stood. Every view fills them in afresh, with a new nonce for its
//! hydration script (in the page and in its Content-Security-Policy): a view then costs about
//! what an empty answer does, plus, for the reset page, looking the link up.
//!
//! The reset page is kept as rendered for two made-up people, never for a real one, and only
//! when their two pages agree once the address, token and nonce are taken out: nothing of
//! anyone's is kept, and a page that showed more of a person than those (a name, say) would
//! simply be rendered for every view.
//!
//! Only a plain `GET` with no cookie but the language's and the device's, and no query but the
//! reset page's token, is answered from memory. Anything that makes a page someone's own
//! (`?return_to=`, `?sent=1`, the cookie holding an address typed a moment ago, a session, a
//! form's error) is rendered by Leptos as before.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header},
    middleware::Next,
    response::Response,
};
use latchkey_app::{
    api::ResetLinkView,
    i18n::Lang,
    ssr::{CheckedResetLink, device_cookie_name},
};
use latchkey_domain::{token::random_hex, unix_now};
use leptos::nonce::Nonce;

use super::{AppState, is_page, whole_pages};

/// The pages nothing on which depends on who asks, beyond the language.
const SHARED: [&str; 2] = ["/auth/login", "/auth/forgot"];
/// The page a reset link opens.
const RESET: &str = "/auth/reset/code";

/// A kept page: which one, in which language, and (the reset page) whether it is an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    path: &'static str,
    lang: Lang,
    invited: bool,
}

/// The pages rendered so far: at most three per language spoken. `None`: a page that cannot be
/// kept (see [`keep_reset_page`]), rendered for every view.
#[derive(Default)]
pub struct PageCache(RwLock<HashMap<Key, Option<Arc<Page>>>>);

pub async fn serve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(view) = asked_for(&state, &mut req).await else {
        return next.run(req).await;
    };
    let page = match state.pages.get(view.key) {
        Some(Some(page)) => page,
        Some(None) => return next.run(req).await,
        // A shared page is kept as rendered for its first view.
        None if view.person.is_none() => match render(next.clone(), req, &[]).await {
            Ok(page) => state.pages.keep(view.key, page),
            // Not a page to keep (an error, say): it goes out as it is; the next view tries again.
            Err(response) => return response,
        },
        None => match keep_reset_page(made_up_views(&req, view.key.invited), &next).await {
            Some(page) => state.pages.keep(view.key, page),
            None => {
                state.pages.never(view.key);
                return next.run(req).await;
            }
        },
    };
    page.answer(&view.fill(&Nonce::new()))
}

impl PageCache {
    /// The kept page of `key`: `Some(None)` when it cannot be kept, `None` when not rendered yet.
    fn get(&self, key: Key) -> Option<Option<Arc<Page>>> {
        self.0.read().ok()?.get(&key).cloned()
    }

    /// Keeps `page` for the next views of `key`.
    fn keep(&self, key: Key, page: Page) -> Arc<Page> {
        let Key { path, lang, invited } = key;
        tracing::debug!(path, lang = lang.code(), invited, "a page rendered once, kept for the next views");
        let page = Arc::new(page);
        if let Ok(mut pages) = self.0.write() {
            pages.insert(key, Some(page.clone()));
        }
        page
    }

    /// Remembers that the page of `key` is rendered for each view.
    fn never(&self, key: Key) {
        if let Ok(mut pages) = self.0.write() {
            pages.insert(key, None);
        }
    }
}

/// A view of a page that may be answered from memory.
struct View {
    key: Key,
    /// The reset page's person.
    person: Option<Person>,
}

impl View {
    /// What fills the holes of its kept page: the nonce, then the person's address and token.
    fn fill<'a>(&'a self, nonce: &'a str) -> Vec<&'a str> {
        let mut values = vec![nonce];
        if let Some(person) = &self.person {
            values.extend([person.email.as_str(), person.token.as_str()]);
        }
        values
    }
}

/// Whose reset page it is: the only two things on it that are theirs.
struct Person {
    email: String,
    token: String,
}

impl Person {
    /// Somebody who does not exist, with a random address (name and domain) and token.
    fn made_up() -> Option<Person> {
        let random = || random_hex::<16>().ok();
        Some(Person { email: format!("{}@{}.example", random()?, random()?), token: random()? })
    }
}

/// The view `req` asks for, when it may be answered from memory. For the reset page, the link
/// is looked up here, and the page told what was found, usable or not (it does not look it up
/// again).
async fn asked_for(state: &AppState, req: &mut Request) -> Option<View> {
    if req.method() != Method::GET || !sends_only_unread_cookies(state, req.headers()) {
        return None;
    }
    let lang = *req.extensions().get::<Lang>()?;
    let (path, query) = (req.uri().path(), req.uri().query());
    if let Some(path) = SHARED.into_iter().find(|shared| *shared == path) {
        return query.is_none().then_some(View { key: Key { path, lang, invited: false }, person: None });
    }
    if path != RESET {
        return None;
    }
    let token = query?.strip_prefix("token=").filter(|token| is_token(token))?.to_owned();
    let link = state.latchkey.check_reset_link(&token, unix_now()).await.ok()?.map(ResetLinkView::of);
    req.extensions_mut().insert(CheckedResetLink { token: token.clone(), link: link.clone() });
    let link = link?;
    let key = Key { path: RESET, lang, invited: link.invited };
    is_plain_address(&link.email).then_some(View { key, person: Some(Person { email: link.email, token }) })
}

/// Whether a request's `Cookie` headers hold only cookies no kept page reads: the language's
/// (already in the key) and the device's (read when logging in, never by a page).
fn sends_only_unread_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    let device = device_cookie_name(&state.latchkey);
    headers
        .get_all(header::COOKIE)
        .iter()
        .all(|value| value.to_str().is_ok_and(|value| only_unread_cookies(value, device)))
}

fn only_unread_cookies(header: &str, device: &str) -> bool {
    header
        .split(';')
        .map(|pair| pair.split('=').next().unwrap_or_default().trim())
        .all(|name| name.is_empty() || name == latchkey_i18n::COOKIE || name == device)
}

/// Whether a token is one Latchkey makes: URL-safe base64, which reads the same in a query,
/// in the page's text and attributes, and in JSON.
fn is_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 100 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
}

/// Whether an address reads the same wherever a page shows it — as text, in an attribute, in
/// an island's JSON — and so may fill a hole: letters, digits and `.@_+-` (nearly every
/// address; any other is rendered for its view).
fn is_plain_address(email: &str) -> bool {
    !email.is_empty() && email.bytes().all(|b| b.is_ascii_alphanumeric() || b".@_+-".contains(&b))
}

/// The reset page of a usable link, as rendered for two made-up people (see [`made_up_views`])
/// and holed where their address, token and nonce stood, if the two agree.
async fn keep_reset_page(views: Option<[(Person, Request); 2]>, next: &Next) -> Option<Page> {
    let [(a, view_a), (b, view_b)] = views?;
    let first = render(next.clone(), view_a, &[&a.email, &a.token]).await.ok()?;
    let second = render(next.clone(), view_b, &[&b.email, &b.token]).await.ok()?;
    if first != second {
        tracing::warn!(
            "the reset page shows more of a person than their address and link: it is rendered for every view"
        );
        return None;
    }
    Some(first)
}

/// `req` (its language and headers) asking twice for the reset page of a made-up person, whose
/// link is given as already looked up.
fn made_up_views(req: &Request, invited: bool) -> Option<[(Person, Request); 2]> {
    let view = |person: Person| {
        let mut view = Request::new(Body::empty());
        *view.uri_mut() = Uri::try_from(format!("{RESET}?token={}", person.token)).ok()?;
        *view.version_mut() = req.version();
        *view.headers_mut() = req.headers().clone();
        *view.extensions_mut() = req.extensions().clone();
        let link = ResetLinkView { email: person.email.clone(), invited };
        view.extensions_mut().insert(CheckedResetLink { token: person.token.clone(), link: Some(link) });
        Some((person, view))
    };
    Some([view(Person::made_up()?)?, view(Person::made_up()?)?])
}

/// What Leptos renders for `req`, holed where its nonce and `values` stood; or, when it is not
/// a page to keep, the response itself.
async fn render(next: Next, req: Request, values: &[&str]) -> Result<Page, Response> {
    let response = next.run(req).await;
    let Some(nonce) = keepable(&response) else {
        return Err(response);
    };
    let (parts, body) = response.into_parts();
    let html = axum::body::to_bytes(body, whole_pages::MAX_PAGE_BYTES).await.map_err(whole_pages::not_rendered)?;
    let holes: Vec<&str> = [nonce.as_str()].into_iter().chain(values.iter().copied()).collect();
    Ok(Page::new(parts.headers, &html, &holes))
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

/// A rendered page with holes where its nonce (and its person's address and token) stood.
#[derive(PartialEq)]
struct Page {
    headers: HeaderMap,
    policy: Holed,
    html: Holed,
}

impl Page {
    fn new(mut headers: HeaderMap, html: &[u8], values: &[&str]) -> Page {
        let policy = headers.remove(header::CONTENT_SECURITY_POLICY).map(|p| p.as_bytes().to_vec()).unwrap_or_default();
        headers.remove(header::CONTENT_LENGTH);
        Page { headers, policy: Holed::new(&policy, values), html: Holed::new(html, values) }
    }

    fn answer(&self, values: &[&str]) -> Response {
        let html = self.html.fill(values);
        let mut headers = self.headers.clone();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(html.len()));
        if let Ok(policy) = HeaderValue::from_bytes(&self.policy.fill(values)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        let mut response = Response::new(Body::from(html));
        *response.headers_mut() = headers;
        response
    }
}

/// Text cut wherever one of the values it was made with stood: `pieces[0]`, the value of
/// `holes[0]`, `pieces[1]`, … `pieces[n]`.
#[derive(Debug, PartialEq)]
struct Holed {
    pieces: Vec<Bytes>,
    /// For each hole, which value fills it.
    holes: Vec<usize>,
}

impl Holed {
    fn new(text: &[u8], values: &[&str]) -> Holed {
        let find = |text: &[u8], value: &str| text.windows(value.len()).position(|window| window == value.as_bytes());
        let (mut pieces, mut holes, mut rest) = (Vec::new(), Vec::new(), text);
        let next_hole = |rest: &[u8]| {
            let found = values.iter().enumerate().filter(|(_, value)| !value.is_empty());
            found.filter_map(|(hole, value)| Some((find(rest, value)?, hole))).min()
        };
        while let Some((at, hole)) = next_hole(rest) {
            pieces.push(Bytes::copy_from_slice(&rest[..at]));
            holes.push(hole);
            rest = &rest[at + values[hole].len()..];
        }
        pieces.push(Bytes::copy_from_slice(rest));
        Holed { pieces, holes }
    }

    /// The text with each hole filled by its value in `values` (in the order it was made with).
    fn fill(&self, values: &[&str]) -> Bytes {
        let value = |hole: usize| values.get(hole).copied().unwrap_or_default();
        let size = self.pieces.iter().map(Bytes::len).sum::<usize>()
            + self.holes.iter().map(|&h| value(h).len()).sum::<usize>();
        let mut text = Vec::with_capacity(size);
        // One piece more than holes: each piece but the last is followed by its hole.
        for (piece, &hole) in self.pieces.iter().zip(&self.holes) {
            text.extend_from_slice(piece);
            text.extend_from_slice(value(hole).as_bytes());
        }
        text.extend_from_slice(self.pieces.last().map_or(&[][..], |last| &last[..]));
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_a_value_stood_gets_the_new_one() {
        let page = "<script nonce=\"N0nce\">go()</script><p>N0nce</p>N0nce";
        let holed = Holed::new(page.as_bytes(), &["N0nce"]);
        assert_eq!(holed.fill(&["fresh"]), "<script nonce=\"fresh\">go()</script><p>fresh</p>fresh");
        assert_eq!(Holed::new(b"no nonce here", &["N0nce"]).fill(&["fresh"]), "no nonce here");
        assert_eq!(Holed::new(b"N0nce", &["N0nce"]).fill(&["x"]), "x");
        // Several values, each in its own holes, wherever and however often they stand.
        let page =
            "<p>for a@b.example</p><input value=\"T0k\"><i data-props='{\"email\":\"a@b.example\"}' n=\"N0nce\">";
        let holed = Holed::new(page.as_bytes(), &["N0nce", "a@b.example", "T0k"]);
        assert_eq!(holed.holes, [1, 2, 1, 0]);
        assert_eq!(
            holed.fill(&["n2", "c@d.example", "t2"]),
            "<p>for c@d.example</p><input value=\"t2\"><i data-props='{\"email\":\"c@d.example\"}' n=\"n2\">"
        );
    }

    #[test]
    fn two_pages_agree_only_when_they_differ_in_nothing_but_their_values() {
        let page = |name: &str, email: &str, token: &str| {
            Holed::new(format!("<p>{name}</p><p>{email}</p><a href=\"?token={token}\">").as_bytes(), &[email, token])
        };
        assert_eq!(page("Hello", "a@x.example", "t1"), page("Hello", "b@y.example", "t2"));
        assert_ne!(page("Ada", "a@x.example", "t1"), page("Grace", "b@y.example", "t2"));
    }

    #[test]
    fn made_up_people_differ_and_read_the_same_everywhere() {
        let (a, b) = (Person::made_up().unwrap(), Person::made_up().unwrap());
        assert_ne!(a.email, b.email);
        assert_ne!(a.email.split('@').nth(1), b.email.split('@').nth(1), "the domain differs too");
        assert_ne!(a.token, b.token);
        assert!(is_plain_address(&a.email) && is_token(&a.token));
    }

    #[test]
    fn only_values_that_read_the_same_everywhere_fill_holes() {
        assert!(is_plain_address("ada.lovelace+portal@example.co.uk"));
        for unplain in ["", "o'brien@example.com", "a&b@example.com", "\"q\"@example.com", "jörg@example.de"] {
            assert!(!is_plain_address(unplain), "{unplain}");
        }
        assert!(is_token("keGhLdbLXQkaLLT_qT4bJQ_fkrsb-VHn1mk5qgmxZRQ"));
        for untoken in ["", "a+b", "a%20b", "a&lang=de", "a=b", &"x".repeat(101)] {
            assert!(!is_token(untoken), "{untoken}");
        }
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
