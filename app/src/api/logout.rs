use leptos::prelude::*;

use super::ApiError;

/// `POST /api/auth/logout`: ends this session (if any) and sends the browser to the login page.
#[server(prefix = "/api/auth", endpoint = "logout")]
pub async fn logout() -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    crate::ssr::sign_out(|k, token, client| async move { k.logout(&token, &client, unix_now()).await }).await
}
