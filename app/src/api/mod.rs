//! The thin API: one server function per file, at the paths of CONTRACT.md §5, and the error
//! type that crosses the wire.

mod account;
mod error;
pub mod forgot;
mod login;
mod logout;
mod password;
mod policy;
mod reset;
mod sign_out_everywhere;
mod site;

pub use account::{AccountView, CurrentAccount, current_account};
pub use error::{ApiError, FieldError, FieldProblem};
pub use forgot::{Forgot, ForgotSent, forgot};
pub use login::{LoggedIn, Login, login};
pub use logout::{Logout, logout};
pub use password::Password;
pub use policy::{CurrentPolicy, PasswordPolicy, current_policy};
pub use reset::{CheckResetLink, Reset, ResetLinkView, check_reset_link, reset};
pub use sign_out_everywhere::{SignOutEverywhere, sign_out_everywhere};
pub use site::{Site, SiteInfo, site_info};
