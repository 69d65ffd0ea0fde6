use leptos::prelude::*;

use super::{ApiError, Password};

/// `POST /api/auth/change-password` with `current`, `password` and `confirm`. A wrong current
/// password counts toward the login throttle (this is under `/api/auth/`, so the per-IP limit
/// applies too). On success this browser gets a fresh session, every other session has ended
/// and the browser goes to the account page, which confirms the change.
#[server(prefix = "/api/auth", endpoint = "change-password")]
pub async fn change_password(current: Password, password: Password, confirm: Password) -> Result<(), ApiError> {
    use latchkey_domain::{secret::Secret, unix_now};

    use crate::ssr::{client, required_session_token, services, set_session_cookie};

    let k = services()?;
    let token = required_session_token(&k)?;
    let (current, password, confirm) = (Secret::new(current.0), Secret::new(password.0), Secret::new(confirm.0));
    let changed = k.change_password(&token, &current, &password, &confirm, &client(), unix_now()).await?;
    set_session_cookie(&k, &changed.session);
    leptos_axum::redirect("/account?changed=password");
    Ok(())
}

/// `POST /api/account/name` with `name`: the signed-in person's display name (blank removes it).
#[server(prefix = "/api/account", endpoint = "name")]
pub async fn rename(name: String) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    let token = required_session_token(&k)?;
    k.rename(&token, &name, &client(), unix_now()).await?;
    leptos_axum::redirect("/account?changed=name");
    Ok(())
}
