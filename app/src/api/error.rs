use latchkey_i18n::{Lang, Message, number};
use latchkey_policy::{EmailProblem, NameProblem, PasswordProblem};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What a failed request tells the person (or the client). It carries nothing an attacker
/// could learn from: one variant covers unknown email, wrong password and disabled accounts.
/// Its words are the catalogue's (`message`); `Display` is the English that API clients read.
/// JSON clients see e.g. `{"error":"invalid_credentials"}`. Domain errors become these in one
/// place, the `From` impls in `from_domain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ApiError {
    /// Input that fails validation; each message belongs to one field.
    Invalid {
        fields: Vec<FieldError>,
    },
    InvalidCredentials,
    Unauthenticated,
    /// Signed in, but not as an API Owner.
    Forbidden,
    NoSuchAccount,
    LastOwner,
    AccountDisabled,
    /// Unknown, used, expired or revoked: one answer for all.
    InvalidResetLink,
    /// Too many attempts; the client should wait `retry_after` seconds.
    Throttled {
        retry_after: i64,
    },
    Unavailable,
    /// Too many logins are waiting for a password check; the client should retry shortly.
    Busy {
        retry_after: i64,
    },
    /// A change to how the person signs in, which needs the password confirmed first.
    RecentSignInNeeded,
    /// The login's second step is over (five minutes passed, too many wrong codes, or it was
    /// never begun in this browser): log in again.
    SecondStepEnded,
    /// The page that set up an authenticator app is too old: start again.
    SetupExpired,
    /// Signed in, but the portal asks for a second factor first (`LATCHKEY_REQUIRE_SECOND_FACTOR`):
    /// only `/account/security` may be used until one is set up.
    SecondFactorRequired,
    /// Two-step verification is already on (setting it up again).
    SecondFactorOn,
    /// Two-step verification is off (turning it off, or new recovery codes).
    SecondFactorOff,
    /// Sign-up is off (`LATCHKEY_SIGNUP=off`): its pages and functions do not exist.
    SignupOff,
    /// A sign-up's confirmation link: unknown, used, expired or revoked, one answer for all.
    InvalidConfirmLink,
    /// Approving or declining an account that is not waiting for approval.
    NotPending,
    /// A passkey's answer that did not check out (or an answer to no open challenge).
    PasskeyRefused,
    /// `LATCHKEY_BASE_URL` names no domain name: WebAuthn has nothing to bind passkeys to.
    PasskeysUnavailable,
    /// Removing a passkey that is not (or no longer) on the account.
    NoSuchPasskey,
    /// Removing an application that is not (or no longer) there.
    NoSuchApp,
    /// A request the server could not read at all: a malformed body, a field missing or sent
    /// twice. Only this fixed answer goes back, never the reader's own words about the input.
    BadRequest,
}

/// What is wrong with one field. Pages show the fixed message of the problem's kind, never text
/// that arrived with the error: an error can come back in a page's URL (`?__err=`), where
/// anyone could have written it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    pub problem: FieldProblem,
    /// The problem's message, for API clients; pages derive it from `problem` again.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Email(EmailProblem),
    Password(PasswordProblem),
    /// A required field left empty (or, for a login, too long to be anyone's password).
    PasswordMissing,
    /// The current password, when changing it, was wrong.
    WrongPassword,
    Name(NameProblem),
    /// An invitation for an address that already has an account.
    EmailTaken,
    /// A role other than `owner` or `consumer`.
    UnknownRole,
    /// A second factor's code that is wrong, or used before.
    WrongCode,
    /// A sign-up's address outside `LATCHKEY_SIGNUP_DOMAINS` (the page names the domains).
    DomainNotAllowed,
    /// A passkey's name left empty, or over 64 characters.
    PasskeyName,
    /// An application's name left empty, or over 100 characters.
    AppName,
    /// No redirect URI, more than ten, or one that is not absolute https (http only for
    /// localhost) without a fragment.
    RedirectUris,
}

/// The English of API clients, from the catalogue.
impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::english()))
    }
}

/// The English of API clients, from the catalogue.
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::english()))
    }
}

impl std::error::Error for ApiError {}

impl FieldProblem {
    /// What the person reads, in their language (`Display` is the English of API clients).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FieldProblem::Email(problem) => problem.message(lang),
            FieldProblem::Password(problem) => problem.message(lang),
            FieldProblem::PasswordMissing => lang.t("problem-password-missing"),
            FieldProblem::WrongPassword => lang.t("problem-wrong-password"),
            FieldProblem::Name(problem) => problem.message(lang),
            FieldProblem::EmailTaken => lang.t("problem-email-taken"),
            FieldProblem::UnknownRole => lang.t("problem-unknown-role"),
            FieldProblem::WrongCode => lang.t("problem-wrong-code"),
            FieldProblem::DomainNotAllowed => lang.t("problem-domain-not-allowed-here"),
            FieldProblem::PasskeyName => lang.t("problem-passkey-name"),
            FieldProblem::AppName => lang.t("problem-app-name"),
            FieldProblem::RedirectUris => lang.t("problem-redirect-uris"),
        }
    }
}

impl FieldError {
    pub fn new(field: &str, problem: FieldProblem) -> FieldError {
        FieldError { field: field.to_owned(), message: problem.to_string(), problem }
    }
}

impl ApiError {
    pub fn field(field: &str, problem: FieldProblem) -> ApiError {
        ApiError::Invalid { fields: vec![FieldError::new(field, problem)] }
    }

    /// The message for one field, if this error has one: always the fixed text of its kind.
    pub fn message_for(&self, field: &str, lang: Lang) -> Option<String> {
        match self {
            ApiError::Invalid { fields } => fields.iter().find(|f| f.field == field).map(|f| f.problem.message(lang)),
            _ => None,
        }
    }

    /// What a page says about this error, in its language (`Display` is the English of API
    /// clients).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiError::Invalid { .. } => lang.t("error-invalid"),
            ApiError::InvalidCredentials => lang.t("error-invalid-credentials"),
            ApiError::Unauthenticated => lang.t("error-unauthenticated"),
            ApiError::Forbidden => lang.t("error-forbidden"),
            ApiError::NoSuchAccount => lang.t("error-no-such-account"),
            ApiError::LastOwner => lang.t("error-last-owner"),
            ApiError::AccountDisabled => lang.t("error-account-disabled"),
            ApiError::InvalidResetLink => lang.t("error-invalid-reset-link"),
            ApiError::Throttled { retry_after } => {
                lang.t_with("error-throttled", &[("minutes", number((retry_after + 59) / 60))])
            }
            ApiError::Unavailable => lang.t("error-unavailable"),
            ApiError::Busy { .. } => lang.t("error-busy"),
            ApiError::BadRequest => lang.t("error-bad-request"),
            ApiError::RecentSignInNeeded => lang.t("error-recent-sign-in"),
            ApiError::SecondStepEnded => lang.t("error-second-step-ended"),
            ApiError::SetupExpired => lang.t("error-setup-expired"),
            ApiError::SecondFactorRequired => lang.t("error-second-factor-required"),
            ApiError::SecondFactorOn => lang.t("error-second-factor-on"),
            ApiError::SecondFactorOff => lang.t("error-second-factor-off"),
            ApiError::SignupOff => lang.t("error-signup-off"),
            ApiError::InvalidConfirmLink => lang.t("error-invalid-confirm-link"),
            ApiError::NotPending => lang.t("error-not-pending"),
            ApiError::PasskeyRefused => lang.t("error-passkey-refused"),
            ApiError::PasskeysUnavailable => lang.t("error-passkeys-unavailable"),
            ApiError::NoSuchPasskey => lang.t("error-no-such-passkey"),
            ApiError::NoSuchApp => lang.t("error-no-such-app"),
        }
    }

    /// The HTTP status a non-browser client receives.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Invalid { .. } => 422,
            ApiError::InvalidCredentials
            | ApiError::Unauthenticated
            | ApiError::SecondStepEnded
            | ApiError::PasskeyRefused => 401,
            ApiError::Forbidden | ApiError::RecentSignInNeeded | ApiError::SecondFactorRequired => 403,
            ApiError::NoSuchAccount
            | ApiError::SignupOff
            | ApiError::NoSuchPasskey
            | ApiError::PasskeysUnavailable
            | ApiError::NoSuchApp => 404,
            ApiError::LastOwner
            | ApiError::AccountDisabled
            | ApiError::SecondFactorOn
            | ApiError::SecondFactorOff
            | ApiError::NotPending => 409,
            ApiError::InvalidResetLink | ApiError::SetupExpired | ApiError::InvalidConfirmLink => 410,
            ApiError::Throttled { .. } => 429,
            ApiError::Unavailable | ApiError::Busy { .. } => 503,
            ApiError::BadRequest => 400,
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ApiError::Unavailable,
            _other => {
                #[cfg(feature = "ssr")]
                tracing::debug!(error = %_other, "a request that could not be read");
                ApiError::BadRequest
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod from_domain;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_clients_read_the_catalogues_english_and_pages_their_own_language() {
        let throttled = ApiError::Throttled { retry_after: 61 };
        assert_eq!(throttled.to_string(), "Too many attempts. Please try again in 2 minutes.");
        let de = Lang::from_code("de").unwrap();
        assert_eq!(throttled.message(de), "Zu viele Versuche. Bitte versuchen Sie es in 2 Minuten erneut.");
        let short = FieldError::new("password", FieldProblem::Password(PasswordProblem::TooShort { min: 12 }));
        assert_eq!(short.message, "Use at least 12 characters.");
        assert_eq!(
            ApiError::Invalid { fields: vec![short] }.message_for("password", de).unwrap(),
            "Verwenden Sie mindestens 12 Zeichen."
        );
    }
}
