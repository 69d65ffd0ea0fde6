use sea_orm::entity::prelude::*;

pub use crate::LinkPurpose;

/// A link mailed to a person: a reset link, an invitation or a sign-up's confirmation. Only
/// the SHA-256 of its token is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reset_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub account_id: i64,
    /// Also what the per-address mail cap counts.
    pub created_at: i64,
    /// Moved to the present when a newer link or a password change revokes this one.
    pub expires_at: i64,
    /// Set by the one successful reset.
    pub used_at: Option<i64>,
    /// What the link does; a link opens only the page of its purpose.
    pub purpose: LinkPurpose,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id",
        on_delete = "Cascade"
    )]
    Account,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
