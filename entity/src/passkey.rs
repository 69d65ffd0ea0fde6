use sea_orm::entity::prelude::*;

/// A passkey (a WebAuthn credential) of an account. Its public key and flags are in
/// `static_state`, its signature counter and backup flags in `dynamic_state`, both as the
/// `webauthn_rp` crate encodes them; nothing here is secret.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// The credential's id, base64url: unique for the relying party.
    #[sea_orm(unique)]
    pub credential_id: String,
    /// The WebAuthn user handle the credential was made for (one per account, random).
    pub user_handle: Vec<u8>,
    /// What the person called it (`Laptop`).
    pub name: String,
    pub static_state: Vec<u8>,
    pub dynamic_state: Vec<u8>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
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
