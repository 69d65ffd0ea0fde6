use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// The one answer to every well-formed request, whether or not the address has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgotSent {
    pub message: String,
    /// The address as typed, for the confirmation to repeat (the same for every address).
    pub email: String,
}

/// `POST /api/auth/forgot` with `email`. Queues a reset email if the address belongs to an
/// enabled account under its mail cap; answers the same in every case.
#[server(prefix = "/api/auth", endpoint = "forgot")]
pub async fn forgot(email: String) -> Result<ForgotSent, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{Typed, client, is_browser_form, services};

    let k = services()?;
    k.request_reset(&email, &client(), unix_now()).await?;
    let email = email.trim().to_owned();
    if is_browser_form() {
        Typed::ForgotEmail.remember(&k, Some(&email));
    }
    leptos_axum::redirect("/auth/forgot?sent=1");
    // What the page says too, in English for API clients (the page says it in its language).
    let message = latchkey_i18n::Lang::english().t("forgot-sent");
    Ok(ForgotSent { message, email })
}
