use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What a failed request tells the person (or the client). It carries nothing an attacker
/// could learn from: one variant covers unknown email, wrong password and disabled accounts.
/// JSON clients see e.g. `{"error":"invalid_credentials","email":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ApiError {
    /// Input that fails validation; each message belongs to one field.
    #[error("Please correct the fields marked below.")]
    Invalid { fields: Vec<FieldError> },
    /// Carries the typed email so a form re-rendered without JavaScript keeps it.
    #[error("Incorrect email or password.")]
    InvalidCredentials { email: String },
    #[error("Please log in to continue.")]
    Unauthenticated,
    /// Unknown, used, expired or revoked: one answer for all.
    #[error("This link is invalid or has expired.")]
    InvalidResetLink,
    /// Too many attempts; the client should wait `retry_after` seconds.
    #[error("Too many attempts. Please try again in {} minute(s).", (retry_after + 59) / 60)]
    Throttled { retry_after: i64 },
    #[error("The service is temporarily unavailable. Please try again in a moment.")]
    Unavailable,
    /// A request the server could not read at all (a malformed body, a missing field).
    #[error("The request could not be processed: {message}")]
    BadRequest { message: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn field(field: &str, message: impl ToString) -> ApiError {
        ApiError::Invalid { fields: vec![FieldError { field: field.to_owned(), message: message.to_string() }] }
    }

    /// The message for one field, if this error has one.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Invalid { fields } => fields.iter().find(|f| f.field == field).map(|f| f.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status a non-browser client receives.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Invalid { .. } => 422,
            ApiError::InvalidCredentials { .. } | ApiError::Unauthenticated => 401,
            ApiError::InvalidResetLink => 410,
            ApiError::Throttled { .. } => 429,
            ApiError::Unavailable => 503,
            ApiError::BadRequest { .. } => 400,
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ApiError::Unavailable,
            other => ApiError::BadRequest { message: other.to_string() },
        }
    }
}
