use sea_orm::entity::prelude::*;

/// A WebAuthn ceremony under way: the challenge sent to a browser and what the server needs to
/// check its answer (`state`, as the `webauthn_rp` crate encodes it). Taken (deleted) once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkey_ceremonies")]
pub struct Model {
    /// The challenge, base64url.
    #[sea_orm(primary_key, auto_increment = false)]
    pub challenge: String,
    /// The account adding a passkey; `None` for a sign-in, whose account the passkey tells.
    pub account_id: Option<i64>,
    pub state: Vec<u8>,
    pub expires_at: i64,
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
