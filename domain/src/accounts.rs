//! Accounts: creating, finding, listing and disabling them.

use entity::account;
use latchkey_policy::{EmailProblem, PasswordPolicy, PasswordProblem, check_email, normalise_email};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, SqlErr,
};

use crate::{Error, password::PasswordHasher, secret::Secret};

pub use entity::account::Model as Account;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Owner,
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

/// The role of a stored account. An unrecognised value (impossible through this code) is
/// treated as the less privileged role.
pub fn role_of(account: &Account) -> Role {
    account.role.parse().unwrap_or(Role::Consumer)
}

pub struct NewAccount {
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    /// `None` creates an invited account that cannot log in until a password is set.
    pub password: Option<Secret<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum AddAccountError {
    #[error("invalid email: {0}")]
    InvalidEmail(EmailProblem),
    #[error("weak password: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))]
    WeakPassword(Vec<PasswordProblem>),
    #[error("an account with this email already exists")]
    Duplicate,
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for AddAccountError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AddAccountError::Duplicate,
            _ => AddAccountError::Internal(err.into()),
        }
    }
}

/// Validates and stores a new account. Nothing is written unless every check passes.
pub async fn add(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    policy: &PasswordPolicy,
    new: NewAccount,
    now: i64,
) -> Result<Account, AddAccountError> {
    let email = new.email.trim().to_owned();
    check_email(&email).map_err(AddAccountError::InvalidEmail)?;
    let password_hash = match &new.password {
        Some(password) => {
            let problems = crate::check_new_password(policy, password.expose(), &email);
            if !problems.is_empty() {
                return Err(AddAccountError::WeakPassword(problems));
            }
            Some(hasher.hash(password).await?)
        }
        None => None,
    };
    let name = new.name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let account = account::ActiveModel {
        email_normalized: Set(normalise_email(&email)),
        email: Set(email),
        name: Set(name),
        role: Set(new.role.as_str().to_owned()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(account.insert(db).await?)
}

/// The account for `email`, compared case-insensitively.
pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<Account>, DbErr> {
    account::Entity::find().filter(account::Column::EmailNormalized.eq(normalise_email(email))).one(db).await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<Account>, DbErr> {
    account::Entity::find_by_id(id).one(db).await
}

pub async fn count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    account::Entity::find().count(db).await
}

/// Every account, oldest first.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<Account>, DbErr> {
    account::Entity::find().order_by_asc(account::Column::Id).all(db).await
}

/// Disables the account and ends its sessions. `Ok(false)` when no such account exists.
pub async fn disable(db: &DatabaseConnection, email: &str, now: i64) -> Result<bool, DbErr> {
    let Some(found) = find_by_email(db, email).await? else {
        return Ok(false);
    };
    let id = found.id;
    let mut active: account::ActiveModel = found.into();
    active.disabled = Set(true);
    active.updated_at = Set(now);
    active.update(db).await?;
    crate::sessions::end_all(db, id).await?;
    Ok(true)
}
