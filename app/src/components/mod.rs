//! Pieces the pages are built from.

mod caps_lock;
mod email_field;
mod field;
mod form_alert;
mod new_password;
mod password_field;
mod site_header;

pub use email_field::EmailField;
pub use field::Field;
pub use form_alert::FormAlert;
pub use new_password::NewPasswordFields;
pub use password_field::PasswordField;
pub use site_header::SiteHeader;
