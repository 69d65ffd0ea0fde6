//! The thin API: one server function per file, at the paths of CONTRACT.md §5, and the error
//! type that crosses the wire. A server function returns its failure as an [`ApiError`]; the
//! server gives it its status in one place (`server/src/http/api.rs`).

mod account;
mod apps;
mod audit;
mod error;
pub mod forgot;
mod invite;
mod login;
mod logout;
mod manage_account;
mod passkeys;
mod password;
mod policy;
mod profile;
mod reset;
mod second_factor;
mod security;
mod sign_out_everywhere;
mod signup;
mod site;
mod users;

pub use account::{AccountView, CurrentAccount, Role, current_account};
pub use apps::{AddApp, AppView, NewAppView, RemoveApp, TakeNewApp, list_apps, take_new_app};
pub use audit::{AuditPage, AuditRow, audit_log};
pub use error::{ApiError, FieldError, FieldProblem};
pub use forgot::{Forgot, ForgotSent, forgot};
pub use invite::Invite;
pub use login::{LoggedIn, Login, LoginAnswer, login};
pub use logout::{Logout, logout};
pub use manage_account::{AccountAction, ManageAccount};
pub use passkeys::{
    AddPasskey, BeginAddingPasskey, BeginPasskeySignIn, PasskeyOptions, PasskeySignIn, PasskeyView, RemovePasskey,
};
pub use password::Password;
pub use policy::{CurrentPolicy, PasswordPolicy, current_policy};
pub use profile::{ChangePassword, Rename};
pub use reset::{CheckResetLink, Reset, ResetLinkView, check_reset_link, reset};
pub use second_factor::{SecondFactor, SecondFactorMethods, second_factor, second_factor_methods};
pub use security::{
    AppSetup, AppSetupView, BeginAppSetup, ConfirmPassword, EndSession, NewRecoveryCodes, RecoveryCodes, Security,
    SecurityView, SessionView, TakeRecoveryCodes, TurnOffApp, TurnOnApp, app_setup, security, take_recovery_codes,
};
pub use sign_out_everywhere::{SignOutEverywhere, sign_out_everywhere};
pub use signup::{
    CheckConfirmLink, Confirm, ConfirmLinkView, Signup, SignupSent, SignupState, check_confirm_link, confirm, signup,
};
pub use site::{Site, SiteInfo, site_info};
pub use users::{Status, UserRow, UsersPage, list_users};

/// A role typed into a form: a field error for anything but `owner` or `consumer`.
#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, ApiError> {
    role.parse().map_err(|()| ApiError::field("role", FieldProblem::UnknownRole))
}
