//! Pages that are the same for everyone who reads the same language are answered from memory:
//! the login and forgot-password pages as someone arriving without a session first sees them;
//! the login page a proxy sends someone to, which differs from one view to the next only in
//! where it leads back to (`?return_to=`); the forgot-password confirmation (`?sent=1`), which
//! differs only in the address just typed (from its short-lived cookie), if any; the reset
//! page of a usable link, which differs only in the account's address and the link's token;
//! and the signed-in account and change-password pages, which differ only in the account's
//! address and name (and its role, and whether it has a name). Each is rendered once per
//! language (the reset page also once for a reset and once for an invitation, the confirmation
//! once with an address and once without, each signed-in page once per role, named or not) and
//! kept with holes where its nonce — and the way back, the address typed, the address and the
//! token, or the address and the name — stood. Every view fills them in afresh, with a new
//! nonce for its hydration script (in the page and in its Content-Security-Policy): a view then
//! costs about what an empty answer does, plus looking up the reset page's link or a signed-in
//! page's session (which the guards in front of them do, for every view, kept or not).
//!
//! A page that shows something of the person asking is kept as rendered for two made-up
//! people, never for a real one, and only when their two pages agree once those values and the
//! nonce are taken out: nothing of anyone's is kept, and a page that showed more of a person
//! (when it was last signed in, say) would simply be rendered for every view. One of the two is
//! rendered with the asking request's headers and client, the other with nothing of a request
//! but its language: a page that showed anything else of a request (its address, a header)
//! would not agree either.
//!
//! Only a plain `GET` with none of Latchkey's cookies but the language's and the device's
//! (and, on the confirmation, the address typed; on a signed-in page, the session), and no
//! query but the reset page's token, the login page's way back or the confirmation's `sent=1`,
//! is answered from memory. Anything else that makes a page someone's own (a session on any
//! other page, the login form's address after a failed login, a form's error, the account
//! page's `?changed=` notice) is rendered by Leptos as before. Cookies that are not Latchkey's
//! (a portal's own, when Latchkey is served beside it on the same site) are read by no page
//! and make no difference.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, Uri, header},
    middleware::Next,
    response::Response,
};
use latchkey_app::{
    api::ResetLinkView,
    i18n::Lang,
    ssr::{
        CheckedResetLink, SessionAccount, TypedEmail, cookie_value, device_cookie_name, is_latchkey_cookie,
        session_cookie_name,
    },
};
use latchkey_domain::{
    accounts::{Account, Role},
    token::{new_token, random_bytes, random_hex},
};
use latchkey_policy::normalise_email;
use leptos::nonce::Nonce;

use super::{AppState, is_page, whole_pages};

/// The login page.
const LOGIN: &str = "/auth/login";
/// The forgot-password page.
const FORGOT: &str = "/auth/forgot";
/// The page a reset link opens.
const RESET: &str = super::guards::RESET_PAGE;
/// The forgot-password page's query once a request was sent: its confirmation.
const SENT: &str = "sent=1";
/// The signed-in person's own page.
const ACCOUNT: &str = "/account";
/// The signed-in person's change-password page.
const CHANGE_PASSWORD: &str = "/account/password";
/// The signed-in pages kept: each shows the account's address (and, the account page, its
/// name and what its role may reach).
const SIGNED_IN: [&str; 2] = [ACCOUNT, CHANGE_PASSWORD];

/// A kept page: which one, in which language, and which of its kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    path: &'static str,
    lang: Lang,
    kind: Kind,
}

/// Which of a path's pages a view asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// The login or forgot-password page as anyone first sees it: nothing of anyone's on it.
    Shared,
    /// The login page leading back where someone was going (`?return_to=`).
    Returning,
    /// The forgot-password confirmation, repeating no address (none typed, or forgotten).
    Sent,
    /// The same, repeating the address typed.
    SentTo,
    /// The reset page of a usable link.
    Reset,
    /// The same, for an invitation.
    Invitation,
    /// A signed-in page (the account page, the change-password page) of someone signed in with
    /// `role`, with a name or without.
    Account { role: Role, named: bool },
}

/// The pages rendered so far: at most fifteen per language spoken. `None`: a page that cannot be
/// kept (see [`keep_made_up`]), rendered for every view.
#[derive(Default)]
pub struct PageCache(RwLock<HashMap<Key, Option<Arc<Page>>>>);

pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(view) = asked_for(&state, &req) else {
        return next.run(req).await;
    };
    let page = match state.pages.get(view.key) {
        Some(Some(page)) => page,
        Some(None) => return next.run(req).await,
        // A shared page is kept as rendered for its first view.
        None if view.personal.is_none() => match render(next.clone(), req, &[]).await {
            Ok(page) => state.pages.keep(view.key, page),
            // Not a page to keep (an error, say): it goes out as it is; the next view tries again.
            Err(response) => return response,
        },
        None => match keep_made_up(made_up_views(&req, view.key), &next).await {
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
        let Key { path, lang, kind } = key;
        tracing::debug!(path, lang = lang.code(), ?kind, "a page rendered once, kept for the next views");
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
    /// What of the person asking the page shows, if anything.
    personal: Option<Personal>,
}

impl View {
    /// What fills the holes of its kept page: the nonce, then the person's own values.
    fn fill<'a>(&'a self, nonce: &'a str) -> Vec<&'a str> {
        let mut values = vec![nonce];
        values.extend(self.personal.iter().flat_map(Personal::values).flatten());
        values
    }
}

/// What of the person asking a page shows: its holes, beside the nonce.
enum Personal {
    /// The login page's way back, as the page reads it from `?return_to=`, and as its links
    /// (to the page in another language) write it in a query again.
    ReturnTo { to: String, encoded: String },
    /// The reset page's account address and link.
    Link { email: String, token: String },
    /// The address the forgot-password confirmation repeats, as its cookie held it.
    Typed { email: String },
    /// The signed-in account's address and name, if it has one.
    Account { email: String, name: Option<String> },
}

impl Personal {
    /// Its holes' values (one or two).
    fn values(&self) -> [Option<&str>; 2] {
        match self {
            Personal::ReturnTo { to, encoded } => [Some(to), Some(encoded)],
            Personal::Link { email, token } => [Some(email), Some(token)],
            Personal::Typed { email } => [Some(email), None],
            Personal::Account { email, name } => [Some(email), name.as_deref()],
        }
    }

    /// The values of somebody who does not exist, for a page of `kind`: a random way back, a
    /// random address (name and domain) typed, such an address and a token of the kind real
    /// links carry (never stored: no link has it), or such an address and a random name.
    fn made_up(kind: Kind) -> Option<Personal> {
        let random = || random_hex::<16>().ok();
        let address = || Some(format!("{}@{}.example", random()?, random()?));
        match kind {
            Kind::Shared | Kind::Sent => None,
            // Every character a plain way back may hold, so that the two pages agree only if
            // the page writes each of them as the holes expect.
            Kind::Returning => {
                Some(Personal::return_to(format!("https://{}.example/{}?q={}#~-._", random()?, random()?, random()?)))
            }
            Kind::Reset | Kind::Invitation => {
                let (token, _) = new_token().ok()?;
                Some(Personal::Link { email: address()?, token: token.expose().clone() })
            }
            Kind::SentTo => Some(Personal::Typed { email: address()? }),
            // Every kind of character a plain name may hold, as for a way back.
            Kind::Account { named, .. } => {
                let name = if named { Some(format!("Zoë {}-{}.Ł", random()?, random()?)) } else { None };
                Some(Personal::Account { email: address()?, name })
            }
        }
    }

    fn return_to(to: String) -> Personal {
        let encoded = url::form_urlencoded::byte_serialize(to.as_bytes()).collect();
        Personal::ReturnTo { to, encoded }
    }

    /// A view of this person's page of `key`, with `headers` and `extensions`: its address
    /// (a way back written as a browser sends it, encoded), and whatever else the page reads of
    /// the person — a reset link as already looked up, the address typed in its cookie (in
    /// place of the request's own cookies: the language's and the device's, which the page
    /// shows nothing of), or an account as the session guard resumed it (every field made up,
    /// so that a page showing any field but the holes' would not agree with its twin).
    fn view(&self, key: Key, mut headers: HeaderMap, mut extensions: Extensions) -> Option<Request> {
        let uri = match self {
            Personal::ReturnTo { encoded, .. } => format!("{LOGIN}?return_to={encoded}"),
            Personal::Link { email, token } => {
                let link = ResetLinkView { email: email.clone(), invited: key.kind == Kind::Invitation };
                extensions.insert(CheckedResetLink { token: token.clone(), link: Some(link) });
                format!("{RESET}?token={token}")
            }
            Personal::Typed { email } => {
                let encoded: String = url::form_urlencoded::byte_serialize(email.as_bytes()).collect();
                let cookie = HeaderValue::try_from(format!("{}={encoded}", TypedEmail::Forgot.cookie_name())).ok()?;
                headers.insert(header::COOKIE, cookie);
                format!("{FORGOT}?{SENT}")
            }
            Personal::Account { email, name } => {
                let Kind::Account { role, .. } = key.kind else { return None };
                extensions.insert(SessionAccount(made_up_account(email, name.as_deref(), role)?));
                key.path.to_owned()
            }
        };
        let mut view = Request::new(Body::empty());
        *view.uri_mut() = Uri::try_from(uri).ok()?;
        *view.headers_mut() = headers;
        *view.extensions_mut() = extensions;
        Some(view)
    }
}

/// An account of `role` with `email` and `name`, and every other field random.
fn made_up_account(email: &str, name: Option<&str>, role: Role) -> Option<Account> {
    let number = || random_bytes::<8>().ok().map(|bytes| i64::from_le_bytes(bytes) & i64::from(u32::MAX));
    Some(Account {
        id: number()?,
        email: email.to_owned(),
        email_normalized: normalise_email(email),
        name: name.map(str::to_owned),
        role,
        password_hash: None,
        disabled: false,
        created_at: number()?,
        updated_at: number()?,
        last_login_at: Some(number()?),
    })
}

/// The view `req` asks for, when it may be answered from memory.
fn asked_for(state: &AppState, req: &Request) -> Option<View> {
    if req.method() != Method::GET {
        return None;
    }
    let asked = Asked::of(req.uri().path(), req.uri().query())?;
    if !sends_only_unread_cookies(state, req.headers(), asked.reads(state)) {
        return None;
    }
    let lang = *req.extensions().get::<Lang>()?;
    let view = |path, kind, personal| Some(View { key: Key { path, lang, kind }, personal });
    match asked {
        Asked::Shared(page) => view(page, Kind::Shared, None),
        Asked::Returning(query) => view(LOGIN, Kind::Returning, Some(plain_return_to(query)?)),
        Asked::Sent => match cookie_value(req.headers(), TypedEmail::Forgot.cookie_name()) {
            None => view(FORGOT, Kind::Sent, None),
            Some(email) => view(FORGOT, Kind::SentTo, Some(Personal::Typed { email: plain_address(email)? })),
        },
        Asked::SignedIn(page) => {
            let SessionAccount(account) = req.extensions().get::<SessionAccount>()?;
            let name = match account.name.clone() {
                Some(name) => Some(plain_name(name)?),
                None => None,
            };
            let (role, named) = (account.role, name.is_some());
            let email = plain_address(account.email.clone())?;
            view(page, Kind::Account { role, named }, Some(Personal::Account { email, name }))
        }
        // The link as the guard in front looked it up (see `check_reset_link`).
        Asked::Reset(token) => {
            let checked = req.extensions().get::<CheckedResetLink>().filter(|checked| checked.token == token)?;
            let link = checked.link.clone()?;
            let kind = if link.invited { Kind::Invitation } else { Kind::Reset };
            view(RESET, kind, Some(Personal::Link { email: plain_address(link.email)?, token: token.to_owned() }))
        }
    }
}

/// Which kept page a request's path and query name, before anything of the person is read.
#[derive(Debug, PartialEq)]
enum Asked<'a> {
    /// The login or forgot-password page as anyone first sees it.
    Shared(&'static str),
    /// The login page with a query: a way back, if it is nothing but `return_to=…`.
    Returning(&'a str),
    /// The forgot-password confirmation.
    Sent,
    /// A signed-in page.
    SignedIn(&'static str),
    /// The reset page of a well-formed token.
    Reset(&'a str),
}

impl<'a> Asked<'a> {
    fn of(path: &str, query: Option<&'a str>) -> Option<Asked<'a>> {
        Some(match (path, query) {
            (LOGIN, None) => Asked::Shared(LOGIN),
            (FORGOT, None) => Asked::Shared(FORGOT),
            (LOGIN, Some(query)) => Asked::Returning(query),
            (FORGOT, Some(SENT)) => Asked::Sent,
            (path, None) => Asked::SignedIn(SIGNED_IN.into_iter().find(|page| *page == path)?),
            (RESET, Some(query)) => Asked::Reset(query.strip_prefix("token=").filter(|token| is_token(token))?),
            _ => return None,
        })
    }

    /// The one cookie of Latchkey's the page reads, if any, beside the language's and the
    /// device's: the address typed, into its hole; the session, through the account the guard
    /// resumed (see `redirect_by_session`), into a signed-in page's.
    fn reads(&self, state: &AppState) -> Option<&'static str> {
        match self {
            Asked::Sent => Some(TypedEmail::Forgot.cookie_name()),
            Asked::SignedIn(_) => Some(session_cookie_name(&state.latchkey)),
            Asked::Shared(_) | Asked::Returning(_) | Asked::Reset(_) => None,
        }
    }
}

/// The way back of a query that is nothing but `return_to=…`, decoded, when it reads the same
/// wherever a page shows it: letters, digits and `-._~:/?#=` (a path, or a URL with at most one
/// query parameter; any other is rendered for its view). Whether a login may lead there is
/// the login's decision, not the page's.
fn plain_return_to(query: &str) -> Option<Personal> {
    let mut pairs = url::form_urlencoded::parse(query.as_bytes());
    let (name, to) = pairs.next()?;
    let plain = |to: &str| {
        !to.is_empty() && to.len() <= 2048 && to.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#=".contains(&b))
    };
    (name == "return_to" && pairs.next().is_none() && plain(&to)).then(|| Personal::return_to(to.into_owned()))
}

/// Whether a request's `Cookie` headers hold only cookies the page it asks for shows nothing
/// of: the language's (already in the key), the device's (read when logging in, never by a
/// page), the one whose value the page's hole takes (`read`), if any, and any that is not
/// Latchkey's (a portal's own, beside it on the same site: no page reads those).
fn sends_only_unread_cookies(state: &AppState, headers: &HeaderMap, read: Option<&str>) -> bool {
    let device = device_cookie_name(&state.latchkey);
    headers
        .get_all(header::COOKIE)
        .iter()
        .all(|value| value.to_str().is_ok_and(|value| only_unread_cookies(value, [Some(device), read])))
}

fn only_unread_cookies(header: &str, unread: [Option<&str>; 2]) -> bool {
    header.split(';').map(|pair| pair.split('=').next().unwrap_or_default().trim()).all(|name| {
        name.is_empty() || !is_latchkey_cookie(name) || name == latchkey_i18n::COOKIE || unread.contains(&Some(name))
    })
}

/// Whether a token is one Latchkey makes: URL-safe base64, which reads the same in a query,
/// in the page's text and attributes, and in JSON.
fn is_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 100 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
}

/// The address, when it reads the same wherever a page shows it — as text, in an attribute, in
/// an island's JSON — and so may fill a hole: letters, digits and `.@_+-` (nearly every
/// address; any other is rendered for its view).
fn plain_address(email: String) -> Option<String> {
    let plain = !email.is_empty() && email.bytes().all(|b| b.is_ascii_alphanumeric() || b".@_+-".contains(&b));
    plain.then_some(email)
}

/// The name, when it reads the same wherever a page shows it: letters (of any script), digits,
/// spaces, `.` and `-` (most names; any other is rendered for its view).
fn plain_name(name: String) -> Option<String> {
    name.chars().all(|c| c.is_alphanumeric() || " .-".contains(c)).then_some(name)
}

/// The page of a person's kind, as rendered for two made-up people (see [`made_up_views`]) and
/// holed where their values and nonce stood, if the two agree.
async fn keep_made_up(views: Option<[(Personal, Request); 2]>, next: &Next) -> Option<Page> {
    let [(a, view_a), (b, view_b)] = views?;
    let first = render(next.clone(), view_a, &a.values()).await.ok()?;
    let second = render(next.clone(), view_b, &b.values()).await.ok()?;
    if first != second {
        tracing::warn!("a page shows more of a person than its holes hold: it is rendered for every view");
        return None;
    }
    Some(first)
}

/// Two views of the page of `key`, each for a made-up person (see [`Personal::view`]): one as
/// `req` asks (its headers, its client), the other with nothing of any request but the
/// language. When the two pages agree, the page depends on nothing of a request but its
/// language (in the key) and the person's values.
fn made_up_views(req: &Request, key: Key) -> Option<[(Personal, Request); 2]> {
    let view = |headers, extensions| {
        let person = Personal::made_up(key.kind)?;
        let mut view = person.view(key, headers, extensions)?;
        *view.version_mut() = req.version();
        Some((person, view))
    };
    let mut only_the_language = Extensions::new();
    only_the_language.insert(*req.extensions().get::<Lang>()?);
    Some([view(req.headers().clone(), req.extensions().clone())?, view(HeaderMap::new(), only_the_language)?])
}

/// What Leptos renders for `req`, holed where its nonce and `values` stood; or, when it is not
/// a page to keep, the response itself.
async fn render(next: Next, req: Request, values: &[Option<&str>]) -> Result<Page, Response> {
    let response = next.run(req).await;
    let Some(nonce) = keepable(&response) else {
        return Err(response);
    };
    let (parts, body) = response.into_parts();
    let html = axum::body::to_bytes(body, whole_pages::MAX_PAGE_BYTES).await.map_err(whole_pages::not_rendered)?;
    let holes: Vec<&str> = [nonce.as_str()].into_iter().chain(values.iter().flatten().copied()).collect();
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

    fn key(path: &'static str, kind: Kind) -> Key {
        Key { path, lang: Lang::english(), kind }
    }

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
        let made_up = |kind| match Personal::made_up(kind).unwrap() {
            Personal::Link { email, token } => (email, token),
            _ => panic!("a reset page's person has a link"),
        };
        let (a, b) = (made_up(Kind::Reset), made_up(Kind::Invitation));
        assert_ne!(a.0, b.0);
        assert_ne!(a.0.split('@').nth(1), b.0.split('@').nth(1), "the domain differs too");
        assert_ne!(a.1, b.1);
        assert!(plain_address(a.0.clone()).is_some() && is_token(&a.1) && a.1.len() == 43, "{a:?}");
        // A made-up way back is sent as a browser sends one, and read back as the page reads it.
        let way_back = Personal::made_up(Kind::Returning).unwrap();
        let view =
            |person: &Personal, path, kind| person.view(key(path, kind), HeaderMap::new(), Extensions::new()).unwrap();
        let query = view(&way_back, LOGIN, Kind::Returning).uri().query().unwrap().to_owned();
        assert!(query.starts_with("return_to=https%3A%2F%2F"), "{query}");
        assert_eq!(plain_return_to(&query).unwrap().values(), way_back.values());
        // A made-up address typed is sent in its cookie as the browser sends the real one.
        let typed = Personal::made_up(Kind::SentTo).unwrap();
        let [Some(email), None] = typed.values() else { panic!("one address") };
        assert!(plain_address(email.to_owned()).is_some(), "{email}");
        // In place of the asking request's cookies, whose address never reaches a kept page.
        let asking =
            HeaderMap::from_iter([(header::COOKIE, HeaderValue::from_static("latchkey_forgot_email=a%40b.c"))]);
        let typed_view = typed.view(key(FORGOT, Kind::SentTo), asking, Extensions::new()).unwrap();
        assert_eq!(cookie_value(typed_view.headers(), TypedEmail::Forgot.cookie_name()).as_deref(), Some(email));
        assert_eq!(typed_view.headers().get_all(header::COOKIE).iter().count(), 1);
        assert_eq!(typed_view.uri(), "/auth/forgot?sent=1");
        // A made-up link is given to its page as already looked up, a reset's or an invitation's.
        for (kind, invited) in [(Kind::Reset, false), (Kind::Invitation, true)] {
            let person = Personal::made_up(kind).unwrap();
            let link_view = view(&person, RESET, kind);
            let checked = link_view.extensions().get::<CheckedResetLink>().unwrap();
            let [Some(email), Some(token)] = person.values() else { panic!("an address and a token") };
            assert_eq!(link_view.uri().query(), Some(&*format!("token={token}")));
            assert_eq!(checked.token, token);
            assert_eq!(checked.link, Some(ResetLinkView { email: email.to_owned(), invited }));
        }
        assert!(Personal::made_up(Kind::Shared).is_none() && Personal::made_up(Kind::Sent).is_none());
    }

    #[test]
    fn a_made_up_account_reaches_its_page_as_the_guard_hands_over_a_real_one() {
        let mut ids = Vec::new();
        let pages =
            [(ACCOUNT, Role::Owner, true), (ACCOUNT, Role::Consumer, false), (CHANGE_PASSWORD, Role::Consumer, true)];
        for (page, role, named) in pages {
            let kind = Kind::Account { role, named };
            let person = Personal::made_up(kind).unwrap();
            let view = person.view(key(page, kind), HeaderMap::new(), Extensions::new()).unwrap();
            assert_eq!(view.uri(), page);
            let SessionAccount(account) = view.extensions().get::<SessionAccount>().unwrap();
            let [Some(email), name] = person.values() else { panic!("an address") };
            assert_eq!((account.email.as_str(), account.name.as_deref(), account.role), (email, name, role));
            assert_eq!(name.is_some(), named);
            assert!(plain_address(email.to_owned()).is_some(), "{email}");
            // A made-up name holds more than ASCII letters, so that a page writing any of a
            // plain name's characters otherwise would not agree with its twin.
            if let Some(name) = name {
                assert!(plain_name(name.to_owned()).is_some() && !name.is_ascii() && name.contains(' '), "{name}");
            }
            assert!(!account.disabled && account.password_hash.is_none());
            ids.push((account.id, account.created_at, account.last_login_at));
        }
        // Every other field is made up afresh for each.
        assert!(ids[0] != ids[1] && ids[1] != ids[2], "{ids:?}");
    }

    #[test]
    fn a_kept_page_is_named_by_its_path_and_query_alone() {
        let asked = |path, query| Asked::of(path, query);
        assert_eq!(asked(LOGIN, None), Some(Asked::Shared(LOGIN)));
        assert_eq!(asked(FORGOT, None), Some(Asked::Shared(FORGOT)));
        assert_eq!(asked(LOGIN, Some("return_to=%2Fx")), Some(Asked::Returning("return_to=%2Fx")));
        assert_eq!(asked(FORGOT, Some(SENT)), Some(Asked::Sent));
        assert_eq!(asked(ACCOUNT, None), Some(Asked::SignedIn(ACCOUNT)));
        assert_eq!(asked(CHANGE_PASSWORD, None), Some(Asked::SignedIn(CHANGE_PASSWORD)));
        assert_eq!(asked(RESET, Some("token=ab-c_1")), Some(Asked::Reset("ab-c_1")));
        for (path, query) in [
            (FORGOT, Some("sent=2")),
            (ACCOUNT, Some("changed=name")),
            (CHANGE_PASSWORD, Some("x=1")),
            ("/admin/users", None),
            ("/", None),
            (RESET, None),
            (RESET, Some("token=a+b")),
            (RESET, Some("token=abc&lang=de")),
        ] {
            assert_eq!(asked(path, query), None, "{path}?{query:?}");
        }
    }

    #[test]
    fn only_a_way_back_that_reads_the_same_everywhere_fills_a_hole() {
        let to = |query: &str| plain_return_to(query).and_then(|to| to.values()[0].map(str::to_owned));
        assert_eq!(to("return_to=%2Fportal%2Fkeys").as_deref(), Some("/portal/keys"));
        assert_eq!(to("return_to=/account").as_deref(), Some("/account"));
        assert_eq!(
            to("return_to=https%3A%2F%2Fportal.example.com%2Fdocs%3Fpage%3D2").as_deref(),
            Some("https://portal.example.com/docs?page=2")
        );
        for unplain in [
            "",
            "return_to=",
            "next=%2Faccount",
            "return_to=%2Fa&lang=de",
            "return_to=%2Fa%26b%3D1",
            "return_to=%2Fa+b",
            "return_to=%2Fa%2Bb",
            "return_to=%2F%22%3E%3Cscript%3E",
            "return_to=%2F%25",
            "return_to=%2Fj%C3%B6rg",
        ] {
            assert_eq!(to(unplain), None, "{unplain}");
        }
        assert_eq!(to(&format!("return_to=/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn only_values_that_read_the_same_everywhere_fill_holes() {
        let plain = "ada.lovelace+portal@example.co.uk";
        assert_eq!(plain_address(plain.to_owned()).as_deref(), Some(plain));
        for unplain in ["", "o'brien@example.com", "a&b@example.com", "\"q\"@example.com", "jörg@example.de", "<b>@x"]
        {
            assert_eq!(plain_address(unplain.to_owned()), None, "{unplain}");
        }
        for name in ["Ada Lovelace", "Zoë Łukasiewicz-Ó. 3rd", "李小龍", ""] {
            assert_eq!(plain_name(name.to_owned()).as_deref(), Some(name));
        }
        for unplain in
            ["O'Brien", "Ada & Grace", "<b>Ada</b>", "Ada \"Countess\"", "Ada\nLovelace", "a@b", "Ada\u{202e}"]
        {
            assert_eq!(plain_name(unplain.to_owned()), None, "{unplain}");
        }
        assert!(is_token("keGhLdbLXQkaLLT_qT4bJQ_fkrsb-VHn1mk5qgmxZRQ"));
        for untoken in ["", "a+b", "a%20b", "a&lang=de", "a=b", &"x".repeat(101)] {
            assert!(!is_token(untoken), "{untoken}");
        }
    }

    #[test]
    fn only_cookies_no_page_reads_leave_a_page_shared() {
        let device = [Some("latchkey_device"), None];
        assert!(only_unread_cookies("latchkey_lang=de", device));
        assert!(only_unread_cookies("latchkey_lang=de; latchkey_device=abc", device));
        assert!(only_unread_cookies("", device));
        assert!(!only_unread_cookies("latchkey_login_email=a%40b.example", device));
        assert!(!only_unread_cookies("latchkey_lang=de; latchkey_session=s", device));
        assert!(!only_unread_cookies("latchkey_device=abc; latchkey_other=1", device));
        // A portal's own cookies, sent beside Latchkey's on the same site: no page reads them.
        assert!(only_unread_cookies("_ga=GA1.2.3; latchkey_lang=de; portal_session=p", device));
        assert!(!only_unread_cookies("_ga=GA1.2.3; latchkey_session=s", device));
        // The one a page's hole takes, on that page only.
        let typed = "latchkey_forgot_email=a%40b.example; latchkey_lang=de";
        assert!(only_unread_cookies(typed, [Some("latchkey_device"), Some("latchkey_forgot_email")]));
        assert!(!only_unread_cookies(typed, device));
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
