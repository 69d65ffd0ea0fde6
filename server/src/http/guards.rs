use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use latchkey_app::ssr::{SessionAccount, session_token};
use latchkey_domain::unix_now;

use super::AppState;

/// `/` sends people to their account or to the login page, and `/account` sends signed-out
/// visitors to the login page, both with 303 before any rendering.
/// The page then renders with the account found here (see `SessionAccount`), so the session
/// is looked up once per page load.
pub async fn redirect_by_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() != Method::GET || (path != "/" && path != "/account") {
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
            req.extensions_mut().insert(SessionAccount(account));
            next.run(req).await
        }
        Ok(None) => Redirect::to("/auth/login").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "session look-up failed");
            (StatusCode::SERVICE_UNAVAILABLE, "The service is temporarily unavailable.").into_response()
        }
    }
}
