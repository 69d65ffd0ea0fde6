use leptos::prelude::*;

use super::{ApiError, LoggedIn};

/// `POST /api/auth/second-factor` with `code` (an authenticator app's, or a recovery code)
/// and, optionally, `return_to`: finishes the login whose second step this browser holds (its
/// pending-login cookie) and starts the session, as `POST /api/auth/login` does for an account
/// without a second factor.
#[server(prefix = "/api/auth", endpoint = "second-factor")]
pub async fn second_factor(code: String, return_to: Option<String>) -> Result<LoggedIn, ApiError> {
    use latchkey_domain::{second_factor::SecondStepError, unix_now};

    use crate::ssr::{client, pending_login_token, services, set_pending_login_cookie};

    let k = services()?;
    let token = pending_login_token(&k).ok_or(ApiError::SecondStepEnded)?;
    match k.finish_login(&token, &code, &client(), unix_now()).await {
        Ok(signed_in) => {
            set_pending_login_cookie(&k, None);
            Ok(super::login::signed_in_here(&k, &signed_in, return_to.as_deref()))
        }
        Err(err) => {
            if matches!(err, SecondStepError::Ended | SecondStepError::WrongCode { ended: true }) {
                set_pending_login_cookie(&k, None);
            }
            Err(err.into())
        }
    }
}

/// `GET /api/auth/second-factor`: the methods the second step this browser holds can be
/// finished with (`["totp", "passkey"]`, or either), or `null` when it holds none (any more).
#[server(prefix = "/api/auth", endpoint = "second-factor-methods", input = leptos::server_fn::codec::GetUrl)]
pub async fn second_factor_methods() -> Result<Option<Vec<String>>, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{pending_login_token, services};

    let k = services()?;
    let Some(token) = pending_login_token(&k) else {
        return Ok(None);
    };
    let methods = k.pending_login(&token, unix_now()).await?;
    Ok(methods.map(|methods| methods.iter().map(|m| m.as_str().to_owned()).collect()))
}
