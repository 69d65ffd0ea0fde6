//! What a page needs before it is rendered (its row's `access`): a signed-in person, an API
//! Owner, or a reset link looked up. What the guard finds is handed to the page in the
//! request's extensions, so nothing is looked up twice.

use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use latchkey_app::{
    Access, Page,
    api::ResetLinkView,
    routes::{ACCOUNT_PAGE, SECURITY_PAGE},
    ssr::{CheckedResetLink, SessionAccount, session_token},
};
use latchkey_domain::{Latchkey, accounts::Role, links::login_returning_to, sessions::Resumed, unix_now};

use super::AppState;

/// `/`: the person's account when signed in, else the login page.
pub async fn home(State(state): State<AppState>, req: Request) -> Response {
    match signed_in(&state.latchkey, session_token(&state.latchkey, req.headers())).await {
        Ok(Some(session)) if session.second_factor_missing => Redirect::to(SECURITY_PAGE).into_response(),
        Ok(Some(_)) => Redirect::to(ACCOUNT_PAGE).into_response(),
        Ok(None) => Redirect::to("/auth/login").into_response(),
        Err(response) => response,
    }
}

/// A page for signed-in people (`Access::SignedIn`, `Access::OwnSecurity`, `Access::Owner`): a
/// signed-out visitor is sent to log in, and brought back here afterwards (but for the account
/// page, where a login leads anyway); a person who must set up a second factor first is sent
/// to the security page; an API Consumer gets an owner's page answered 403 (the owner's
/// function the page asks for its data refuses and audits it).
pub async fn require_session(
    State((state, page)): State<(AppState, &'static Page)>,
    mut req: Request,
    next: Next,
) -> Response {
    match signed_in(&state.latchkey, session_token(&state.latchkey, req.headers())).await {
        Ok(Some(session)) if session.second_factor_missing && page.access != Access::OwnSecurity => {
            Redirect::to(SECURITY_PAGE).into_response()
        }
        Ok(Some(Resumed { account, .. })) => {
            let refused = page.access == Access::Owner && account.role != Role::Owner;
            req.extensions_mut().insert(SessionAccount(account));
            let mut response = next.run(req).await;
            if refused {
                *response.status_mut() = StatusCode::FORBIDDEN;
            }
            response
        }
        Ok(None) if page.path == ACCOUNT_PAGE => Redirect::to("/auth/login").into_response(),
        Ok(None) => {
            let here = req.uri().path_and_query().map_or(page.path, |pq| pq.as_str());
            let login = login_returning_to(&state.latchkey.config().http.base_url, here);
            Redirect::to(&format!("{}?{}", login.path(), login.query().unwrap_or_default())).into_response()
        }
        Err(response) => response,
    }
}

/// The session of the request's cookie, if any; a failed look-up is 503.
pub(super) async fn signed_in(k: &Latchkey, token: Option<String>) -> Result<Option<Resumed>, Response> {
    let Some(token) = token else {
        return Ok(None);
    };
    k.live_session(&token, unix_now()).await.map_err(|err| {
        tracing::error!(error = %err, "session look-up failed");
        (StatusCode::SERVICE_UNAVAILABLE, "The service is temporarily unavailable.").into_response()
    })
}

/// The reset page (`Access::ResetLink`): its link (`?token=…`) looked up before any rendering,
/// for the page to show at once. A look-up that fails is left to the page, which tries again
/// and says what went wrong.
pub async fn check_reset_link(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // The last `token` of the query, as the page reads it.
    let query = req.uri().query().unwrap_or_default();
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
