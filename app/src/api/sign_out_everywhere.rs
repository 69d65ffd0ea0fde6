use leptos::prelude::*;

use super::ApiError;

/// `POST /api/auth/sign-out-everywhere`: ends every session of the signed-in person, in every
/// browser, and sends this one to the login page.
#[server(prefix = "/api/auth", endpoint = "sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    crate::ssr::sign_out(|k, token, client| async move {
        k.sign_out_everywhere(&token, &client, unix_now()).await.map(drop)
    })
    .await
}
