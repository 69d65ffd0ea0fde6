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
    Page,
    i18n::Lang,
    ssr::{cookie_value, language_cookie},
};

use super::AppState;

/// Every request: its language, and `Content-Language` on a page.
pub async fn choose(mut req: Request, next: Next) -> Response {
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

/// A page's language link was followed (`?lang=`): remember a language we speak in the cookie
/// (an unknown one changes nothing) and send the browser back to the same page without `lang`.
/// The way back is the page's own path, never the path as the request spelt it.
pub async fn switch(State((state, page)): State<(AppState, &'static Page)>, req: Request, next: Next) -> Response {
    let chosen = req.uri().query().and_then(latchkey_i18n::chosen_in);
    let (&Method::GET, Some(code)) = (req.method(), chosen) else {
        return next.run(req).await;
    };
    let rest = latchkey_i18n::without_lang(req.uri().query().unwrap_or_default());
    let back = if rest.is_empty() { page.path.to_owned() } else { format!("{}?{}", page.path, rest.join("&")) };
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
