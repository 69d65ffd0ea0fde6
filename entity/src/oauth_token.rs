use sea_orm::entity::prelude::*;

/// An access or refresh token of a grant. Only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_tokens")]
pub struct Model {
    /// Hex SHA-256 of the token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub grant_id: i64,
    /// `access` or `refresh`.
    pub kind: String,
    pub expires_at: i64,
    /// A refresh token already exchanged for the next: a second use ends the grant.
    pub used: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::oauth_grant::Entity",
        from = "Column::GrantId",
        to = "super::oauth_grant::Column::Id",
        on_delete = "Cascade"
    )]
    Grant,
}

impl Related<super::oauth_grant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Grant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
