use leptos::prelude::*;

use super::ApiError;

/// `POST /api/auth/logout`: ends the session (if any) and sends the browser to the login page.
#[server(prefix = "/api/auth", endpoint = "logout")]
pub async fn logout() -> Result<(), ApiError> {
    use latchkey_domain::sessions;

    use super::server::{clear_session_cookie, fail, internal, services, session_token};

    let k = services().map_err(fail)?;
    let token = use_context::<http::request::Parts>().and_then(|parts| session_token(&parts.headers));
    if let Some(token) = token {
        sessions::end(&k.db, &token).await.map_err(|e| fail(internal(e)))?;
    }
    clear_session_cookie(&k);
    leptos_axum::redirect("/auth/login");
    Ok(())
}
