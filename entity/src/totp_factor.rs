use sea_orm::entity::prelude::*;

/// An account's authenticator app (RFC 6238). The secret is sealed with the server's key.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "totp_factors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    /// The base32 secret, sealed (see `domain::second_factor`); never in clear.
    pub sealed_secret: String,
    /// The last 30-second step whose code was accepted: a code of that step or an earlier one is
    /// refused, so each code works once.
    pub last_step: i64,
    pub created_at: i64,
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

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpFactor")
            .field("account_id", &self.account_id)
            .field("last_step", &self.last_step)
            .finish_non_exhaustive()
    }
}
