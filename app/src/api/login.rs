use leptos::prelude::*;

use super::{AccountView, ApiError, Password};

/// `POST /api/auth/login` with `email` and `password`. Starts a new session and sends the
/// browser to `/account`.
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(email: String, password: Password) -> Result<AccountView, ApiError> {
    use latchkey_domain::{login::LoginError, secret::Secret, unix_now};

    use super::server::{client, fail, internal, services, set_session_cookie};

    let k = services().map_err(fail)?;
    match k.login(&email, &Secret::new(password.0), &client(), unix_now()).await {
        Ok(signed_in) => {
            set_session_cookie(&k, &signed_in.session);
            leptos_axum::redirect("/account");
            Ok(AccountView::from(&signed_in.account))
        }
        Err(err) => Err(fail(match err {
            LoginError::InvalidEmail(problem) => ApiError::field("email", problem),
            LoginError::InvalidPassword => ApiError::field("password", "Enter your password."),
            LoginError::InvalidCredentials => ApiError::InvalidCredentials { email },
            LoginError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            LoginError::Internal(err) => internal(err),
        })),
    }
}
