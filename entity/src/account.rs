use sea_orm::entity::prelude::*;

pub use crate::{Awaiting, Role};

/// A person who signs in: an API Owner or an API Consumer.
/// `Debug` leaves the password hash out: an offline guessing attack needs nothing more.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// As the person typed it; used for display and for sending mail.
    pub email: String,
    /// Trimmed and lower-cased; unique, and what look-ups compare.
    #[sea_orm(unique)]
    pub email_normalized: String,
    pub name: Option<String>,
    pub role: Role,
    /// Argon2id PHC string; `None` until an invited person sets a password.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// When the account last logged in successfully (Unix seconds).
    pub last_login_at: Option<i64>,
    /// A password was just set through a link (an invitation, a reset): the next login is
    /// expected from a browser the account has not used, and sends no "new sign-in" email.
    pub next_login_expected: bool,
    /// A signed-up account that cannot log in yet: its address is not confirmed, or an API
    /// Owner has not approved it. `None` for every other account.
    pub awaiting: Option<Awaiting>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "[redacted]"))
            .field("disabled", &self.disabled)
            .field("awaiting", &self.awaiting)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_leaves_the_password_hash_out() {
        let account = Model {
            id: 1,
            email: "ada@example.com".into(),
            email_normalized: "ada@example.com".into(),
            name: None,
            role: Role::Owner,
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into()),
            disabled: false,
            created_at: 0,
            updated_at: 0,
            last_login_at: None,
            next_login_expected: false,
            awaiting: None,
        };
        let shown = format!("{account:?}");
        assert!(!shown.contains("argon2id") && !shown.contains("aGFzaGhhc2g"), "{shown}");
        assert!(shown.contains("ada@example.com") && shown.contains("[redacted]"), "{shown}");
    }
}
