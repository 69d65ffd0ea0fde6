//! Server-side plumbing shared by the server functions, the pages and the server's middleware:
//! the request the server is answering, its cookies, and the data the server's guards looked up
//! before the page was rendered.

mod cookies;
mod request;
mod session;

pub use cookies::{
    ShownOnce, Typed, clear_session_cookie, cleared_session_cookie, cookie_value, device_cookie_name, language_cookie,
    pending_login_cookie_name, pending_login_token, session_cookie_name, session_token, set_device_cookie,
    set_pending_login_cookie, set_session_cookie, set_shown_once_cookie, shown_once_cookie,
};
pub use request::{client, is_browser_form, send_form_back, services};
pub use session::{
    ApplicationAfterLogin, CheckedResetLink, SessionAccount, application_after_login, checked_reset_link,
    required_session_token, resumed_account, sign_out, signed_in, signed_in_owner,
};
