//! Accounts: creating, finding and listing them.

use entity::account;
use latchkey_policy::{EmailProblem, NameProblem, PasswordProblem, check_email, check_name, normalise_email};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
    sea_query::{Expr, ExprTrait, LikeExpr},
};

use crate::{Error, Latchkey, secret::Secret};

pub use entity::{Awaiting, Role, account::Model as Account};

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
    #[error("invalid name: {0}")]
    InvalidName(NameProblem),
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

impl Latchkey {
    /// Validates and stores a new account: every way an account is made (the command line, an
    /// invitation) comes through here, and so through one email rule and one name rule. Nothing
    /// is written unless every check passes.
    pub async fn add_account(&self, new: NewAccount, now: i64) -> Result<Account, AddAccountError> {
        let email = new.email.trim().to_owned();
        check_email(&email).map_err(AddAccountError::InvalidEmail)?;
        let name = match new.name.as_deref() {
            Some(name) => check_name(name).map_err(AddAccountError::InvalidName)?,
            None => None,
        };
        let password_hash = match new.password.as_ref().map(crate::nfc) {
            Some(password) => {
                let problems = crate::check_new_password(&self.config.password, password.expose(), &email);
                if !problems.is_empty() {
                    return Err(AddAccountError::WeakPassword(problems));
                }
                Some(self.hasher.hash(&password).await?)
            }
            None => None,
        };
        insert(&self.db, NewAccount { name, ..new }, email, password_hash, now).await
    }

    pub async fn count_accounts(&self) -> Result<u64, Error> {
        Ok(account::Entity::find().count(&self.db).await?)
    }

    /// Every account, oldest first.
    pub async fn list_accounts(&self) -> Result<Vec<Account>, Error> {
        Ok(account::Entity::find().order_by_asc(account::Column::Id).all(&self.db).await?)
    }

    /// A page of accounts for the administration page, oldest first: those whose address
    /// contains `search` (case-insensitive), after the account with id `after`. Paging by id
    /// keeps every page as cheap as the first, however many accounts there are.
    pub async fn find_accounts(&self, search: &str, after: Option<i64>, limit: u64) -> Result<AccountPage, Error> {
        let mut query = account::Entity::find().order_by_asc(account::Column::Id).limit(limit + 1);
        let search = normalise_email(search);
        if !search.is_empty() {
            let escaped = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
            query = query.filter(Expr::col(account::Column::EmailNormalized).like(pattern));
        }
        if let Some(after) = after {
            query = query.filter(account::Column::Id.gt(after));
        }
        let mut accounts = query.all(&self.db).await?;
        let more = accounts.len() as u64 > limit;
        accounts.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_after = if more { accounts.last().map(|a| a.id) } else { None };
        Ok(AccountPage { accounts, next_after })
    }
}

/// One page of [`Latchkey::find_accounts`].
#[derive(Debug)]
pub struct AccountPage {
    pub accounts: Vec<Account>,
    /// Where the next page starts, when there is one.
    pub next_after: Option<i64>,
}

/// Whether an account can log in, is waiting for its first password, for its sign-up to be
/// confirmed or approved, or is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    Invited,
    Unconfirmed,
    Pending,
    Disabled,
}

impl Status {
    pub fn of(account: &Account) -> Status {
        match (account.disabled, account.awaiting, &account.password_hash) {
            (true, _, _) => Status::Disabled,
            (false, Some(Awaiting::Confirmation), _) => Status::Unconfirmed,
            (false, Some(Awaiting::Approval), _) => Status::Pending,
            (false, None, None) => Status::Invited,
            (false, None, Some(_)) => Status::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Invited => "invited",
            Status::Unconfirmed => "unconfirmed",
            Status::Pending => "pending",
            Status::Disabled => "disabled",
        }
    }
}

async fn insert(
    db: &DatabaseConnection,
    new: NewAccount,
    email: String,
    password_hash: Option<String>,
    now: i64,
) -> Result<Account, AddAccountError> {
    let account = account::ActiveModel {
        email_normalized: Set(normalise_email(&email)),
        email: Set(email),
        name: Set(new.name),
        role: Set(new.role),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(account.insert(db).await?)
}

/// Writes first in a transaction: a no-op update of the matching account rows takes their row
/// locks (PostgreSQL) and SQLite's write lock before any read, so concurrent transactions over
/// the same accounts count and decide one after the other (a read lock cannot be upgraded later).
pub(crate) async fn lock_rows(
    db: &impl ConnectionTrait,
    rows: impl sea_orm::sea_query::IntoCondition,
) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::UpdatedAt, Expr::col(account::Column::UpdatedAt))
        .filter(rows)
        .exec(db)
        .await
        .map(drop)
}

/// The account for `email`, compared case-insensitively.
pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<Account>, DbErr> {
    account::Entity::find().filter(account::Column::EmailNormalized.eq(normalise_email(email))).one(db).await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<Account>, DbErr> {
    account::Entity::find_by_id(id).one(db).await
}
