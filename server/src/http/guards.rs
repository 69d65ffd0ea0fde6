use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use latchkey_app::ssr::{SessionAccount, session_token};
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
