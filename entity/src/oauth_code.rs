use sea_orm::entity::prelude::*;

/// An authorization code: what the browser carried back to the client, exchanged once at the
/// token endpoint. Kept a while after use, so that a second use can revoke what the first got.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_codes")]
pub struct Model {
    /// Hex SHA-256 of the code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code_hash: String,
    pub client_id: String,
    pub account_id: i64,
    pub redirect_uri: String,
    /// PKCE: base64url(SHA-256(code_verifier)), as the client sent it.
    pub code_challenge: String,
    /// The scopes granted, space-separated.
    pub scope: String,
    pub nonce: Option<String>,
    /// How the session signed in (RFC 8176 methods, comma-separated) and when.
    pub amr: String,
    pub auth_time: i64,
    pub expires_at: i64,
    /// The grant the exchange started; `None` until the code is used.
    pub grant_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
