//! The thin API: one server function per file, at the paths of CONTRACT.md §5, and the error
//! type that crosses the wire.

mod account;
mod admin;
mod error;
pub mod forgot;
mod login;
mod logout;
mod password;
mod policy;
mod profile;
mod reset;
mod sign_out_everywhere;
mod site;

pub use account::{AccountView, CurrentAccount, current_account};
pub use admin::{AccountAction, AuditPage, AuditRow, Invite, ManageAccount, UserRow, UsersPage, audit_log, list_users};
pub use error::{ApiError, FieldError, FieldProblem};
pub use forgot::{Forgot, ForgotSent, forgot};
pub use login::{LoggedIn, Login, login};
pub use logout::{Logout, logout};
pub use password::Password;
pub use policy::{CurrentPolicy, PasswordPolicy, current_policy};
pub use profile::{ChangePassword, Rename};
pub use reset::{CheckResetLink, Reset, ResetLinkView, check_reset_link, reset};
pub use sign_out_everywhere::{SignOutEverywhere, sign_out_everywhere};
pub use site::{Site, SiteInfo, site_info};
