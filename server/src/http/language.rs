//! Which language each request is answered in: the person's choice (a language link's
//! `?lang=`, remembered in a cookie), else the browser's `Accept-Language`, else English. Put
//! in the request's extensions for the pages, and for the emails its requests cause.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use latchkey_app::{
    i18n::Lang,
    ssr::{cookie_value, language_cookie},
};

use super::AppState;

pub async fn choose(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if req.method() == Method::GET
        && !req.uri().path().starts_with("/api/")
        && let Some(code) = req.uri().query().and_then(latchkey_i18n::chosen_in)
    {
        return remember(&state, req.uri().path(), req.uri().query().unwrap_or_default(), code);
    }
    let remembered = cookie_value(req.headers(), latchkey_i18n::COOKIE).and_then(|code| Lang::from_code(&code));
    let lang = remembered.unwrap_or_else(|| {
        Lang::negotiate(req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default())
    });
    req.extensions_mut().insert(lang);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if super::is_page(headers)
        && let Ok(code) = HeaderValue::from_str(&lang.code())
    {
        headers.insert(header::CONTENT_LANGUAGE, code);
        headers.append(header::VARY, HeaderValue::from_static("accept-language, cookie"));
    }
    response
}

/// A language link was followed: remember a language we speak in the cookie (an unknown one
/// changes nothing) and send the browser back to the same page without `lang`.
fn remember(state: &AppState, path: &str, query: &str, code: &str) -> Response {
    let rest = latchkey_i18n::without_lang(query);
    // Only ever this site: `//host` would be another site's address.
    let path = format!("/{}", path.trim_start_matches('/'));
    let back = if rest.is_empty() { path } else { format!("{path}?{}", rest.join("&")) };
    let mut response = (StatusCode::SEE_OTHER, [(header::CACHE_CONTROL, "no-store")]).into_response();
    if let Ok(location) = HeaderValue::from_str(&back) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if let Some(lang) = Lang::from_code(code)
        && let Ok(cookie) = HeaderValue::from_str(&language_cookie(&state.latchkey, lang))
    {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
