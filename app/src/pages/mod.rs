//! One module per screen, named after its route.

mod account;
mod admin;
mod app_error;
mod app_setup;
mod change_password;
mod confirm;
mod forgot;
mod login;
mod not_found;
mod passkeys;
mod recovery_codes;
mod reset;
mod reset_done;
mod security;
mod signup;
mod verify;

pub use account::AccountPage;
pub use admin::{AppsPage, AuditPage, DeleteUserPage, NewAppPage, UsersPage};
pub use app_error::AppErrorPage;
pub use app_setup::AppSetupPage;
pub use change_password::ChangePasswordPage;
pub use confirm::{ConfirmDonePage, ConfirmPage};
pub use forgot::ForgotPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
use passkeys::{PasskeySignIn, Passkeys};
pub use recovery_codes::RecoveryCodesPage;
pub use reset::ResetPage;
pub use reset_done::ResetDonePage;
pub use security::SecurityPage;
use signup::IfSignupOn;
pub use signup::SignupPage;
pub use verify::VerifyPage;

use leptos::prelude::*;

use crate::api::ApiError;

/// The error of an action's latest result, and a per-field view of it.
fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<ApiError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = ApiError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The message for `field` in the latest error, in the page's language.
fn field_error(error: Signal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    let lang = crate::i18n::use_lang();
    Signal::derive(move || error.get().and_then(|e| e.message_for(field, lang)))
}

/// The HTTP status the server answers the page being rendered with (nothing in the browser).
fn answer_with(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
