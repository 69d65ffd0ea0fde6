use leptos::prelude::*;

use super::{AccountView, ApiError, Password};

/// `POST /api/auth/login` with `email` and `password`. Starts a new session and sends the
/// browser to `/account`.
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(email: String, password: Password) -> Result<AccountView, ApiError> {
    use latchkey_domain::{login::LoginError, secret::Secret, unix_now};

    use crate::ssr::{
        client, fail, is_browser_form, remember_login_email, remembered_login_email, services, set_device_cookie,
        set_session_cookie,
    };

    let k = services()?;
    match k.login(&email, &Secret::new(password.0), &client(), unix_now()).await {
        Ok(signed_in) => {
            set_session_cookie(&k, &signed_in.session);
            set_device_cookie(&k, &signed_in.device);
            if remembered_login_email().is_some() {
                remember_login_email(&k, None);
            }
            leptos_axum::redirect("/account");
            Ok(AccountView::from(&signed_in.account))
        }
        Err(err) => {
            if is_browser_form() && matches!(err, LoginError::InvalidCredentials | LoginError::Throttled { .. }) {
                remember_login_email(&k, Some(&email));
            }
            Err(fail(err))
        }
    }
}
