//! Pieces the pages are built from.

mod field;
mod form_alert;
mod site_header;

pub use field::Field;
pub use form_alert::FormAlert;
pub use site_header::SiteHeader;
