//! The closed sets of values some columns hold, typed, so that nothing parses them by hand.
//! Each is stored as the string in its `string_value` (the values the tables already hold).

use sea_orm::entity::prelude::*;

/// What an account may do. Shown to people as **API Owner** or **API Consumer**.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Role {
    #[sea_orm(string_value = "owner")]
    Owner,
    #[sea_orm(string_value = "consumer")]
    Consumer,
}

impl Role {
    /// How the role is stored and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Consumer => "consumer",
        }
    }

    /// How the role is shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "API Owner",
            Role::Consumer => "API Consumer",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "owner" => Ok(Role::Owner),
            "consumer" => Ok(Role::Consumer),
            other => Err(format!("unknown role '{other}': use owner or consumer")),
        }
    }
}

/// What a signed-up account waits for before it can log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Awaiting {
    /// The person has not opened the confirmation link yet (and pressed **Confirm**).
    #[sea_orm(string_value = "confirmation")]
    Confirmation,
    /// Confirmed; an API Owner has not approved it yet (`LATCHKEY_SIGNUP=approval`).
    #[sea_orm(string_value = "approval")]
    Approval,
}

/// What a mailed link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum LinkPurpose {
    /// Choosing a password: a reset link, or an invitation.
    #[sea_orm(string_value = "password")]
    Password,
    /// Confirming a sign-up's address.
    #[sea_orm(string_value = "confirm")]
    Confirm,
}

/// What an audit row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum AuditKind {
    #[sea_orm(string_value = "login_succeeded")]
    LoginSucceeded,
    #[sea_orm(string_value = "login_failed")]
    LoginFailed,
    #[sea_orm(string_value = "login_throttled")]
    LoginThrottled,
    #[sea_orm(string_value = "reset_requested")]
    ResetRequested,
    #[sea_orm(string_value = "reset_completed")]
    ResetCompleted,
    #[sea_orm(string_value = "session_ended")]
    SessionEnded,
    #[sea_orm(string_value = "account_enabled")]
    AccountEnabled,
    /// A role change recorded before the new role was (rows of earlier versions only).
    #[sea_orm(string_value = "role_changed")]
    RoleChanged,
    /// The account was made an API Owner (by an owner, or on the command line).
    #[sea_orm(string_value = "made_owner")]
    MadeOwner,
    /// The account was made an API Consumer.
    #[sea_orm(string_value = "made_consumer")]
    MadeConsumer,
    #[sea_orm(string_value = "account_deleted")]
    AccountDeleted,
    #[sea_orm(string_value = "account_invited")]
    AccountInvited,
    #[sea_orm(string_value = "signed_out_everywhere")]
    SignedOutEverywhere,
    #[sea_orm(string_value = "account_disabled")]
    AccountDisabled,
    #[sea_orm(string_value = "password_changed")]
    PasswordChanged,
    #[sea_orm(string_value = "name_changed")]
    NameChanged,
    /// An API Owner sent the person a reset (or, before a first password, invitation) link.
    #[sea_orm(string_value = "reset_link_sent")]
    ResetLinkSent,
    /// Someone signed in who is not an API Owner asked for an owner's page or function.
    #[sea_orm(string_value = "admin_refused")]
    AdminRefused,
    /// An authenticator app was turned on.
    #[sea_orm(string_value = "second_factor_added")]
    SecondFactorAdded,
    /// The authenticator app was turned off by its owner.
    #[sea_orm(string_value = "second_factor_removed")]
    SecondFactorRemoved,
    /// A login's second step passed (an app code or a recovery code).
    #[sea_orm(string_value = "second_factor_used")]
    SecondFactorUsed,
    /// A wrong code in a login's second step.
    #[sea_orm(string_value = "second_factor_failed")]
    SecondFactorFailed,
    /// A recovery code was used in place of an app code.
    #[sea_orm(string_value = "recovery_code_used")]
    RecoveryCodeUsed,
    #[sea_orm(string_value = "recovery_codes_created")]
    RecoveryCodesCreated,
    /// An API Owner (or the command line) removed every second factor of the account.
    #[sea_orm(string_value = "second_factor_reset")]
    SecondFactorReset,
    #[sea_orm(string_value = "passkey_added")]
    PasskeyAdded,
    #[sea_orm(string_value = "passkey_removed")]
    PasskeyRemoved,
    /// A sign-in (or a login's second step) with a passkey.
    #[sea_orm(string_value = "passkey_used")]
    PasskeyUsed,
    /// A passkey's answer for a known passkey did not check out.
    #[sea_orm(string_value = "passkey_failed")]
    PasskeyFailed,
    /// An API Owner added an application that signs people in through Latchkey (OpenID Connect).
    #[sea_orm(string_value = "app_added")]
    AppAdded,
    #[sea_orm(string_value = "app_removed")]
    AppRemoved,
    /// An application's code or refresh token came a second time: what it gave was revoked.
    #[sea_orm(string_value = "app_token_reused")]
    AppTokenReused,
    /// The password was typed again for a change that needs a recent sign-in.
    #[sea_orm(string_value = "password_confirmed")]
    PasswordConfirmed,
    /// Someone signed up (a new account, waiting for its address to be confirmed).
    #[sea_orm(string_value = "signed_up")]
    SignedUp,
    /// Someone tried to sign up with an address that has an account (which was told by email).
    #[sea_orm(string_value = "signup_existing")]
    SignupExisting,
    /// A sign-up's address was confirmed.
    #[sea_orm(string_value = "signup_confirmed")]
    SignupConfirmed,
    #[sea_orm(string_value = "signup_approved")]
    SignupApproved,
    /// An API Owner declined a sign-up (the account is deleted).
    #[sea_orm(string_value = "signup_declined")]
    SignupDeclined,
}

impl AuditKind {
    /// The event of an account being given `role`: which role it now has is part of the record.
    pub fn role_set_to(role: Role) -> AuditKind {
        match role {
            Role::Owner => AuditKind::MadeOwner,
            Role::Consumer => AuditKind::MadeConsumer,
        }
    }

    /// What happened, in words, for the audit page.
    pub fn describe(self) -> &'static str {
        match self {
            AuditKind::LoginSucceeded => "Logged in",
            AuditKind::LoginFailed => "Wrong password",
            AuditKind::LoginThrottled => "Login held after repeated failures",
            AuditKind::ResetRequested => "Reset link requested",
            AuditKind::ResetCompleted => "Password set through a link",
            AuditKind::SessionEnded => "Logged out",
            AuditKind::AccountEnabled => "Account enabled",
            AuditKind::RoleChanged => "Role changed",
            AuditKind::MadeOwner => "Role changed to API Owner",
            AuditKind::MadeConsumer => "Role changed to API Consumer",
            AuditKind::AccountDeleted => "Account deleted",
            AuditKind::AccountInvited => "Invited",
            AuditKind::SignedOutEverywhere => "Signed out everywhere",
            AuditKind::AccountDisabled => "Account disabled",
            AuditKind::PasswordChanged => "Password changed",
            AuditKind::NameChanged => "Name changed",
            AuditKind::ResetLinkSent => "Reset link sent by an API Owner",
            AuditKind::AdminRefused => "Refused an API Owner's page or function",
            AuditKind::SecondFactorAdded => "Two-step verification turned on",
            AuditKind::SecondFactorRemoved => "Two-step verification turned off",
            AuditKind::SecondFactorUsed => "Second step passed",
            AuditKind::SecondFactorFailed => "Wrong code in the second step",
            AuditKind::RecoveryCodeUsed => "Recovery code used",
            AuditKind::RecoveryCodesCreated => "New recovery codes created",
            AuditKind::SecondFactorReset => "Two-step verification reset by an API Owner",
            AuditKind::PasskeyAdded => "Passkey added",
            AuditKind::PasskeyRemoved => "Passkey removed",
            AuditKind::PasskeyUsed => "Signed in with a passkey",
            AuditKind::PasskeyFailed => "Passkey not accepted",
            AuditKind::AppAdded => "Application added",
            AuditKind::AppRemoved => "Application removed",
            AuditKind::AppTokenReused => "An application's code or refresh token used twice: its tokens revoked",
            AuditKind::PasswordConfirmed => "Password confirmed for a change",
            AuditKind::SignedUp => "Signed up",
            AuditKind::SignupExisting => "Sign-up tried with an existing address",
            AuditKind::SignupConfirmed => "Sign-up confirmed",
            AuditKind::SignupApproved => "Sign-up approved",
            AuditKind::SignupDeclined => "Sign-up declined",
        }
    }
}

/// What a row of the mail outbox asks the worker to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum MailKind {
    /// Not a message: someone asked for a reset link for `recipient`. The worker fulfils it
    /// with a `ResetLink` message, or with nothing for an unknown or disabled address.
    #[sea_orm(string_value = "reset_request")]
    FulfilResetRequest,
    /// "Reset your … password", with the link (sealed in the row).
    #[sea_orm(string_value = "reset_link")]
    ResetLink,
    /// "Your … password was changed".
    #[sea_orm(string_value = "password_changed")]
    PasswordChanged,
    /// "You're invited to …", with a link to choose a password (sealed in the row).
    #[sea_orm(string_value = "invitation")]
    Invitation,
    /// "Two-step verification was turned on".
    #[sea_orm(string_value = "second_factor_on")]
    SecondFactorOn,
    /// "Two-step verification was turned off" (by the person, or reset by an API Owner).
    #[sea_orm(string_value = "second_factor_off")]
    SecondFactorOff,
    /// "New recovery codes were created".
    #[sea_orm(string_value = "recovery_codes_created")]
    RecoveryCodesCreated,
    /// "A recovery code was used", with how many are left (sealed in the row).
    #[sea_orm(string_value = "recovery_code_used")]
    RecoveryCodeUsed,
    /// "A passkey was added to your … account".
    #[sea_orm(string_value = "passkey_added")]
    PasskeyAdded,
    /// "A passkey was removed from your … account".
    #[sea_orm(string_value = "passkey_removed")]
    PasskeyRemoved,
    /// "New sign-in to your … account", from a browser new to it (where from: sealed in the row).
    #[sea_orm(string_value = "new_sign_in")]
    NewSignIn,
    /// "Confirm your email address for …", with the link (sealed in the row).
    #[sea_orm(string_value = "signup_confirm")]
    SignupConfirm,
    /// "Someone tried to create an account with your address".
    #[sea_orm(string_value = "signup_existing")]
    SignupExisting,
    /// To an API Owner: "New sign-up waiting for approval" (who: sealed in the row).
    #[sea_orm(string_value = "signup_waiting")]
    SignupWaiting,
    /// "Your account was approved".
    #[sea_orm(string_value = "signup_approved")]
    SignupApproved,
    /// "Your account was not approved".
    #[sea_orm(string_value = "signup_declined")]
    SignupDeclined,
}

impl MailKind {
    /// Whether a row of this kind is an email for the worker to send (every kind but the
    /// reset request, which the worker turns into one).
    pub fn is_message(self) -> bool {
        !matches!(self, MailKind::FulfilResetRequest)
    }
}

/// What a webhook reports (CONTRACT.md §15): its `type`, as the receiver reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum WebhookEvent {
    #[sea_orm(string_value = "account.signed_up")]
    SignedUp,
    #[sea_orm(string_value = "account.confirmed")]
    Confirmed,
    #[sea_orm(string_value = "account.approved")]
    Approved,
    #[sea_orm(string_value = "account.declined")]
    Declined,
    #[sea_orm(string_value = "account.invited")]
    Invited,
    /// The invitation was accepted: the person chose a first password.
    #[sea_orm(string_value = "account.activated")]
    Activated,
    #[sea_orm(string_value = "account.disabled")]
    Disabled,
    #[sea_orm(string_value = "account.enabled")]
    Enabled,
    #[sea_orm(string_value = "account.deleted")]
    Deleted,
    #[sea_orm(string_value = "account.role_changed")]
    RoleChanged,
    #[sea_orm(string_value = "password.reset")]
    PasswordReset,
    #[sea_orm(string_value = "password.changed")]
    PasswordChanged,
    #[sea_orm(string_value = "second_factor.added")]
    SecondFactorAdded,
    #[sea_orm(string_value = "second_factor.removed")]
    SecondFactorRemoved,
}
