//! Domain errors become [`ApiError`]s here, and nowhere else.

use latchkey_domain::{
    Error,
    account_admin::ManageError,
    accounts::AddAccountError,
    login::LoginError,
    oidc::AppError,
    profile::{ChangePasswordError, RenameError},
    recovery::{RequestError, ResetError},
    second_factor::{FactorError, SecondStepError, passkeys::PasskeySignInError},
    signup::SignupError,
};
use latchkey_policy::PasswordProblem;

use super::{ApiError, FieldError, FieldProblem};

/// Nobody's fault but the system's: logged in full, shown as "temporarily unavailable".
/// A full hashing queue is load, not a fault: the client is told to retry in a second.
impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        if let Error::Busy = err {
            tracing::debug!("password-hashing queue full; answered busy");
            return ApiError::Busy { retry_after: 1 };
        }
        tracing::error!(error = %err, "request failed");
        ApiError::Unavailable
    }
}

impl From<LoginError> for ApiError {
    fn from(err: LoginError) -> Self {
        match err {
            LoginError::InvalidEmail(problem) => ApiError::field("email", FieldProblem::Email(problem)),
            LoginError::InvalidPassword => ApiError::field("password", FieldProblem::PasswordMissing),
            LoginError::InvalidCredentials => ApiError::InvalidCredentials,
            LoginError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            // Not an error to the person: the server function answers the second step.
            LoginError::SecondStepNeeded(_) => ApiError::SecondStepEnded,
            LoginError::Internal(err) => err.into(),
        }
    }
}

impl From<SecondStepError> for ApiError {
    fn from(err: SecondStepError) -> Self {
        match err {
            SecondStepError::Ended | SecondStepError::WrongCode { ended: true } => ApiError::SecondStepEnded,
            SecondStepError::WrongCode { ended: false } => ApiError::field("code", FieldProblem::WrongCode),
            SecondStepError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            SecondStepError::Internal(err) => err.into(),
        }
    }
}

impl From<FactorError> for ApiError {
    fn from(err: FactorError) -> Self {
        match err {
            FactorError::NotSignedIn => ApiError::Unauthenticated,
            FactorError::NeedsRecentSignIn => ApiError::RecentSignInNeeded,
            FactorError::WrongPassword => ApiError::field("password", FieldProblem::WrongPassword),
            FactorError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            FactorError::WrongCode => ApiError::field("code", FieldProblem::WrongCode),
            FactorError::SetupExpired => ApiError::SetupExpired,
            FactorError::AlreadyOn => ApiError::SecondFactorOn,
            FactorError::NotOn => ApiError::SecondFactorOff,
            FactorError::PasskeyName => ApiError::field("name", FieldProblem::PasskeyName),
            FactorError::PasskeyRefused => ApiError::PasskeyRefused,
            FactorError::NoSuchPasskey => ApiError::NoSuchPasskey,
            FactorError::PasskeysUnavailable => ApiError::PasskeysUnavailable,
            FactorError::Internal(err) => err.into(),
        }
    }
}

impl From<PasskeySignInError> for ApiError {
    fn from(err: PasskeySignInError) -> Self {
        match err {
            PasskeySignInError::Refused => ApiError::PasskeyRefused,
            PasskeySignInError::Unavailable => ApiError::PasskeysUnavailable,
            PasskeySignInError::Internal(err) => err.into(),
        }
    }
}

impl From<RequestError> for ApiError {
    fn from(err: RequestError) -> Self {
        match err {
            RequestError::InvalidEmail(problem) => ApiError::field("email", FieldProblem::Email(problem)),
            RequestError::Internal(err) => err.into(),
        }
    }
}

impl From<ResetError> for ApiError {
    fn from(err: ResetError) -> Self {
        match err {
            ResetError::InvalidLink => ApiError::InvalidResetLink,
            ResetError::Rejected(problems) => new_password_rejected(problems),
            ResetError::Internal(err) => err.into(),
        }
    }
}

/// A new password's problems, each on its field: a mismatch on `confirm`, the rest on
/// `password`.
fn new_password_rejected(problems: Vec<PasswordProblem>) -> ApiError {
    ApiError::Invalid {
        fields: problems
            .into_iter()
            .map(|problem| {
                let field = if problem == PasswordProblem::Mismatch { "confirm" } else { "password" };
                FieldError::new(field, FieldProblem::Password(problem))
            })
            .collect(),
    }
}

impl From<ChangePasswordError> for ApiError {
    fn from(err: ChangePasswordError) -> Self {
        match err {
            ChangePasswordError::NotSignedIn => ApiError::Unauthenticated,
            ChangePasswordError::WrongPassword => ApiError::field("current", FieldProblem::WrongPassword),
            ChangePasswordError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            ChangePasswordError::Rejected(problems) => new_password_rejected(problems),
            ChangePasswordError::Internal(err) => err.into(),
        }
    }
}

impl From<RenameError> for ApiError {
    fn from(err: RenameError) -> Self {
        match err {
            RenameError::NotSignedIn => ApiError::Unauthenticated,
            RenameError::Rejected(problem) => ApiError::field("name", FieldProblem::Name(problem)),
            RenameError::Internal(err) => err.into(),
        }
    }
}

impl From<ManageError> for ApiError {
    fn from(err: ManageError) -> Self {
        match err {
            ManageError::NoSuchAccount(_) => ApiError::NoSuchAccount,
            ManageError::LastOwner(_) => ApiError::LastOwner,
            ManageError::Disabled(_) => ApiError::AccountDisabled,
            ManageError::NotPending(_) => ApiError::NotPending,
            ManageError::Internal(err) => err.into(),
        }
    }
}

impl From<SignupError> for ApiError {
    fn from(err: SignupError) -> Self {
        match err {
            SignupError::Off => ApiError::SignupOff,
            SignupError::InvalidEmail(problem) => ApiError::field("email", FieldProblem::Email(problem)),
            // API clients read which domains; a page says so from its own settings.
            SignupError::DomainNotAllowed(domains) => {
                let domains = latchkey_i18n::text(domains.join(", "));
                let message =
                    latchkey_i18n::Lang::english().t_with("problem-domain-not-allowed", &[("domains", domains)]);
                let problem = FieldProblem::DomainNotAllowed;
                ApiError::Invalid { fields: vec![FieldError { field: "email".into(), problem, message }] }
            }
            SignupError::InvalidName(problem) => ApiError::field("name", FieldProblem::Name(problem)),
            SignupError::Rejected(problems) => new_password_rejected(problems),
            SignupError::InvalidLink => ApiError::InvalidConfirmLink,
            SignupError::Internal(err) => err.into(),
        }
    }
}

impl From<AddAccountError> for ApiError {
    fn from(err: AddAccountError) -> Self {
        match err {
            AddAccountError::InvalidEmail(problem) => ApiError::field("email", FieldProblem::Email(problem)),
            AddAccountError::InvalidName(problem) => ApiError::field("name", FieldProblem::Name(problem)),
            AddAccountError::Duplicate => ApiError::field("email", FieldProblem::EmailTaken),
            AddAccountError::WeakPassword(problems) => new_password_rejected(problems),
            AddAccountError::Internal(err) => err.into(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Name => ApiError::field("name", FieldProblem::AppName),
            AppError::RedirectCount | AppError::RedirectUri(_) => {
                ApiError::field("redirect_uris", FieldProblem::RedirectUris)
            }
            AppError::PostLogoutUri(_) => ApiError::field("post_logout_redirect_uris", FieldProblem::RedirectUris),
            AppError::NoSuchApp(_) => ApiError::NoSuchApp,
            AppError::System(err) => err.into(),
        }
    }
}
