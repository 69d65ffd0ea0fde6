//! The signed-in person's second factor and sessions (`/account/security` and the pages it
//! leads to). Changes to the factor need a recent sign-in: the password confirmed
//! (`confirm-password`) within the last ten minutes, or a login that just finished.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::{ApiError, Password};

/// What the security page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityView {
    /// An authenticator app is on.
    pub app: bool,
    pub recovery_codes_left: u64,
    /// The account's passkeys, oldest first.
    pub passkeys: Vec<super::PasskeyView>,
    /// Changes may be made now, without confirming the password first.
    pub recent_sign_in: bool,
    /// The portal asks for a second factor before anything else (`LATCHKEY_REQUIRE_SECOND_FACTOR`).
    pub required: bool,
    /// Where the account is signed in: this browser first, then the most recently seen.
    pub sessions: Vec<SessionView>,
}

/// One browser signed in to the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// What `end-session` is given to sign this one out.
    pub session: String,
    /// This browser's own session.
    pub current: bool,
    /// `Chrome 131`; `None` when its User-Agent did not say.
    pub browser: Option<String>,
    /// `Linux`; `None` when its User-Agent did not say.
    pub system: Option<String>,
    /// `203.0.113.0/24` or an IPv6 /64, never the address.
    pub network: Option<String>,
    /// Unix seconds.
    pub signed_in_at: i64,
    /// Unix seconds, to the minute.
    pub last_seen_at: i64,
}

/// What the page that sets up an app shows: the new secret three ways, and the form's `setup`
/// (the secret sealed for this account, for **Turn on** to bring back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSetupView {
    pub secret: String,
    pub uri: String,
    /// An inline SVG drawn by the server.
    pub qr_svg: String,
    pub setup: String,
}

/// New recovery codes, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// `GET /api/account/security`: the signed-in person's second factor and sessions.
#[server(prefix = "/api/account", endpoint = "security", input = GetUrl)]
pub async fn security() -> Result<SecurityView, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{required_session_token, services};

    let k = services()?;
    let overview = k.security_overview(&required_session_token(&k)?, unix_now()).await?;
    let sessions = overview
        .sessions
        .into_iter()
        .map(|s| SessionView {
            session: s.handle,
            current: s.current,
            browser: s.device.browser,
            system: s.device.system,
            network: s.network,
            signed_in_at: s.signed_in_at,
            last_seen_at: s.last_seen_at,
        })
        .collect();
    Ok(SecurityView {
        app: overview.app,
        recovery_codes_left: overview.recovery_codes_left,
        passkeys: overview.passkeys.into_iter().map(super::PasskeyView::from).collect(),
        recent_sign_in: overview.recent_sign_in,
        required: overview.required,
        sessions,
    })
}

/// `POST /api/account/end-session` with `session` (from the list): signs that browser out at
/// once. A session already ended, or none of this account, is no error.
#[server(prefix = "/api/account", endpoint = "end-session")]
pub async fn end_session(session: String) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    k.end_session(&required_session_token(&k)?, &session, &client(), unix_now()).await?;
    leptos_axum::redirect("/account/security?done=session-ended");
    Ok(())
}

/// `POST /api/auth/confirm-password` with `password`: the password typed again (counted like a
/// login attempt), so that changes to how this person signs in may be made for ten minutes.
#[server(prefix = "/api/auth", endpoint = "confirm-password")]
pub async fn confirm_password(password: Password) -> Result<(), ApiError> {
    use latchkey_domain::{secret::Secret, unix_now};

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    let token = required_session_token(&k)?;
    k.confirm_password(&token, &Secret::new(password.0), &client(), unix_now()).await?;
    leptos_axum::redirect("/account/security?done=confirmed");
    Ok(())
}

/// `POST /api/account/authenticator-setup`: a new secret to add to an authenticator app; a
/// browser goes to the page that shows it (`/account/security/app?setup=…`, the secret sealed
/// in the URL, so that the page shows the same secret again after a wrong code). Nothing is
/// stored until **Turn on** brings back a code of it.
#[server(prefix = "/api/account", endpoint = "authenticator-setup")]
pub async fn begin_app_setup() -> Result<AppSetupView, ApiError> {
    let setup = setup_view(None).await?;
    if crate::ssr::is_browser_form() {
        leptos_axum::redirect(&crate::links::app_setup_page(&setup.setup));
    }
    Ok(setup)
}

/// `GET /api/account/authenticator-setup-view?setup=…`: the setup that
/// `POST /api/account/authenticator-setup` sealed, shown again.
#[server(prefix = "/api/account", endpoint = "authenticator-setup-view", input = GetUrl)]
pub async fn app_setup(setup: String) -> Result<AppSetupView, ApiError> {
    setup_view(Some(&setup)).await
}

#[cfg(feature = "ssr")]
async fn setup_view(sealed: Option<&str>) -> Result<AppSetupView, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{required_session_token, services};

    let k = services()?;
    let setup = k.app_setup(&required_session_token(&k)?, sealed, unix_now()).await?;
    Ok(AppSetupView {
        secret: setup.secret.expose().clone(),
        uri: setup.uri.expose().clone(),
        qr_svg: setup.qr_svg.expose().clone(),
        setup: setup.sealed,
    })
}

/// `POST /api/account/authenticator` with `setup` and `code`: turns the app on and answers the
/// ten recovery codes; a browser goes to the page that shows them once.
#[server(prefix = "/api/account", endpoint = "authenticator")]
pub async fn turn_on_app(setup: String, code: String) -> Result<RecoveryCodes, ApiError> {
    use latchkey_domain::unix_now;
    use leptos::server_fn::ServerFn;

    use crate::ssr::{client, required_session_token, send_form_back, services};

    let k = services()?;
    let now = unix_now();
    match k.turn_on_app(&required_session_token(&k)?, &setup, &code, &client(), now).await {
        Ok(codes) => show_codes(&k, codes, now).await,
        Err(err) => {
            let err = ApiError::from(err);
            // The setup page sends no Referer: its URL carries the secret.
            send_form_back(&crate::links::app_setup_page(&setup), TurnOnApp::PATH, &err);
            Err(err)
        }
    }
}

/// `POST /api/account/recovery-codes`: ten new recovery codes in place of the old ones.
#[server(prefix = "/api/account", endpoint = "recovery-codes")]
pub async fn new_recovery_codes() -> Result<RecoveryCodes, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    let now = unix_now();
    let codes = k.new_recovery_codes(&required_session_token(&k)?, &client(), now).await?;
    show_codes(&k, codes, now).await
}

/// `POST /api/account/authenticator-off`: turns the app off (and drops the recovery codes).
#[server(prefix = "/api/account", endpoint = "authenticator-off")]
pub async fn turn_off_app() -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, required_session_token, services};

    let k = services()?;
    k.turn_off_app(&required_session_token(&k)?, &client(), unix_now()).await?;
    leptos_axum::redirect("/account/security?done=off");
    Ok(())
}

/// `POST /api/account/recovery-codes-shown`: the recovery codes waiting to be shown to this
/// browser, once; `null` when they were shown already.
#[server(prefix = "/api/account", endpoint = "recovery-codes-shown")]
pub async fn take_recovery_codes() -> Result<Option<RecoveryCodes>, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{ShownOnce, services, set_shown_once_cookie, shown_once_cookie, signed_in};

    let k = services()?;
    let account = signed_in(&k).await?.ok_or(ApiError::Unauthenticated)?;
    let Some(sealed) = shown_once_cookie(ShownOnce::RecoveryCodes) else {
        return Ok(None);
    };
    set_shown_once_cookie(&k, ShownOnce::RecoveryCodes, None);
    let codes = k.open_to_show(ShownOnce::RecoveryCodes.label(), account.id, &sealed, unix_now());
    Ok(codes.map(|codes| RecoveryCodes { codes: codes.iter().map(|c| c.expose().clone()).collect() }))
}

/// New codes for the answer; they also wait, sealed, in a short-lived cookie for the page that
/// shows them once, where a form post is sent (the page itself goes there with JavaScript).
#[cfg(feature = "ssr")]
async fn show_codes(
    k: &latchkey_domain::Latchkey,
    codes: Vec<latchkey_domain::secret::Secret<String>>,
    now: i64,
) -> Result<RecoveryCodes, ApiError> {
    use crate::ssr::{ShownOnce, set_shown_once_cookie, signed_in};

    if let Some(account) = signed_in(k).await? {
        let sealed = k.seal_to_show(ShownOnce::RecoveryCodes.label(), account.id, &codes, now)?;
        set_shown_once_cookie(k, ShownOnce::RecoveryCodes, Some(sealed));
    }
    if crate::ssr::is_browser_form() {
        leptos_axum::redirect(crate::routes::RECOVERY_CODES_PAGE);
    }
    Ok(RecoveryCodes { codes: codes.iter().map(|c| c.expose().clone()).collect() })
}
