pub use latchkey_policy::PasswordPolicy;
use leptos::{prelude::*, server_fn::codec::GetUrl};

use super::ApiError;

/// `GET /api/auth/policy`: the active password policy, e.g.
/// `{"minLength":12,"maxLength":128,"multiCase":false,"minNumeric":0,"minSpecial":0,"disableSequential":false}`.
/// The browser builds its checks from it with the same Rust code the server runs.
#[server(prefix = "/api/auth", endpoint = "policy", input = GetUrl)]
pub async fn current_policy() -> Result<PasswordPolicy, ApiError> {
    Ok(crate::ssr::services()?.config().password.clone())
}
