use leptos::prelude::*;

use super::ApiError;

/// `POST /api/auth/sign-out-everywhere`: ends every session of the signed-in person, in every
/// browser, and sends this one to the login page.
#[server(prefix = "/api/auth", endpoint = "sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{clear_session_cookie, client, fail, services, session_token};

    let k = services()?;
    let token = use_context::<http::request::Parts>().and_then(|parts| session_token(&k, &parts.headers));
    if let Some(token) = token {
        k.sign_out_everywhere(&token, &client(), unix_now()).await.map_err(fail)?;
    }
    clear_session_cookie(&k);
    leptos_axum::redirect("/auth/login");
    Ok(())
}
