use sea_orm::entity::prelude::*;

/// A person who signs in: an API Owner or an API Consumer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
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
    /// `owner` or `consumer`.
    pub role: String,
    /// Argon2id PHC string; `None` until an invited person sets a password.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
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
