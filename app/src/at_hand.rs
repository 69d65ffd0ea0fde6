//! What the server already has for the page it renders: its configuration, and what the page's
//! guard looked up before rendering (the signed-in account, the reset link). Each is `Some` on
//! the server and `None` in the browser, which fetches the same data instead: a page is one
//! component that takes the data at hand or else fetches it.

use latchkey_policy::PasswordPolicy;

use crate::api::{AccountView, ApiError, ResetLinkView, Site};

/// The operator's settings every page shows.
pub fn site() -> Option<Site> {
    #[cfg(feature = "ssr")]
    return crate::ssr::services().ok().map(|k| Site::of(k.config()));
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// The signed-in account whose session the server resumed before rendering a signed-in page.
pub fn account() -> Option<AccountView> {
    #[cfg(feature = "ssr")]
    return crate::ssr::resumed_account().as_ref().map(AccountView::from);
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// What the server found of the reset link `token` before rendering the reset page: the link,
/// or why it cannot be used. `None` when it did not look (or its look-up failed).
pub fn reset_link(token: &str) -> Option<Result<ResetLinkView, ApiError>> {
    #[cfg(feature = "ssr")]
    return crate::ssr::checked_reset_link(token).map(|link| link.ok_or(ApiError::InvalidResetLink));
    #[cfg(not(feature = "ssr"))]
    return {
        let _ = token;
        None
    };
}

/// The configured password policy, which a new password must meet.
pub fn policy() -> Option<PasswordPolicy> {
    #[cfg(feature = "ssr")]
    return crate::ssr::services().ok().map(|k| k.config().password.clone());
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// The address typed into the login form before a failed login, which came back as a new page
/// (JavaScript off): kept by the server in a short-lived cookie, never in the URL. The
/// single-page app's field keeps it by itself.
pub fn login_email() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::ssr::Typed::LoginEmail.remembered();
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// The address typed into the forgot-password form, for its confirmation to repeat.
pub fn forgot_email() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::ssr::Typed::ForgotEmail.remembered();
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// The address typed into the sign-up form: the form again after a problem, or the
/// confirmation repeating it.
pub fn signup_email() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::ssr::Typed::SignupEmail.remembered();
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// The name typed into the sign-up form, for the form again after a problem.
pub fn signup_name() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::ssr::Typed::SignupName.remembered();
    #[cfg(not(feature = "ssr"))]
    return None;
}

/// What was typed into **Add application** before a problem brought the page back
/// (JavaScript off); empty otherwise, and always in the browser, whose form keeps it anyway.
#[derive(Clone, Debug, Default)]
pub struct TypedApp {
    pub name: String,
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub public: bool,
}

pub fn typed_app() -> TypedApp {
    #[cfg(feature = "ssr")]
    return {
        use crate::ssr::Typed;
        TypedApp {
            name: Typed::AppName.remembered().unwrap_or_default(),
            redirect_uris: Typed::AppRedirectUris.remembered().unwrap_or_default(),
            post_logout_redirect_uris: Typed::AppPostLogoutUris.remembered().unwrap_or_default(),
            public: Typed::AppPublic.remembered().is_some(),
        }
    };
    #[cfg(not(feature = "ssr"))]
    return TypedApp::default();
}
