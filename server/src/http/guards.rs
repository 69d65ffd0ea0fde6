use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use latchkey_app::{
    api::ResetLinkView,
    ssr::{CheckedResetLink, SessionAccount, session_token},
};
use latchkey_domain::{accounts::Role, links::login_returning_to, unix_now};

use super::AppState;

/// The pages that need a signed-in person, before any rendering: `/` sends people to their
/// account or to the login page; `/account` sends signed-out visitors to the login page; the
/// other signed-in pages (`/account/password`, `/admin/*`) do too, with `return_to` so that
/// logging in leads back. `/admin/*` is for API Owners: an API Consumer's page is answered 403.
/// The page then renders with the account found here (see `SessionAccount`), so the session
/// is looked up once per page load. A `HEAD` is answered as its `GET` would be.
pub async fn redirect_by_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let admin = path == "/admin" || path.starts_with("/admin/");
    let guarded = path == "/" || path == "/account" || path.starts_with("/account/") || admin;
    if !matches!(*req.method(), Method::GET | Method::HEAD) || !guarded {
        return next.run(req).await;
    }
    let k = &state.latchkey;
    let signed_in = match session_token(k, req.headers()) {
        Some(token) => k.resume_session(&token, unix_now()).await,
        None => Ok(None),
    };
    match signed_in {
        Ok(Some(_)) if path == "/" => Redirect::to("/account").into_response(),
        Ok(Some(account)) => {
            let refused = admin && account.role != Role::Owner;
            req.extensions_mut().insert(SessionAccount(account));
            let mut response = next.run(req).await;
            if refused {
                *response.status_mut() = StatusCode::FORBIDDEN;
            }
            response
        }
        Ok(None) if path == "/" || path == "/account" => Redirect::to("/auth/login").into_response(),
        Ok(None) => {
            let here = req.uri().path_and_query().map_or(path, |pq| pq.as_str());
            let login = login_returning_to(&k.config().http.base_url, here);
            Redirect::to(&format!("{}?{}", login.path(), login.query().unwrap_or_default())).into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "session look-up failed");
            (StatusCode::SERVICE_UNAVAILABLE, "The service is temporarily unavailable.").into_response()
        }
    }
}

/// The page a reset link opens.
pub const RESET_PAGE: &str = "/auth/reset/code";

/// The reset page's link (`?token=…`), looked up before any rendering, as the session is for a
/// signed-in page: the page, kept or rendered, then shows what was found at once, and nothing
/// looks it up again (see `CheckedResetLink`). A look-up that fails is left to the page, which
/// tries again and says what went wrong.
pub async fn check_reset_link(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let asked = matches!(*req.method(), Method::GET | Method::HEAD) && req.uri().path() == RESET_PAGE;
    let query = req.uri().query().filter(|_| asked).unwrap_or_default();
    // The last `token` of the query, as the page reads it.
    let token = url::form_urlencoded::parse(query.as_bytes()).filter(|(name, _)| name == "token").last();
    if let Some(token) = token.map(|(_, token)| token.into_owned()) {
        match state.latchkey.check_reset_link(&token, unix_now()).await {
            Ok(account) => {
                req.extensions_mut().insert(CheckedResetLink { token, link: account.map(ResetLinkView::of) });
            }
            Err(err) => tracing::error!(error = %err, "reset link look-up failed"),
        }
    }
    next.run(req).await
}
