use sea_orm::entity::prelude::*;

/// A P-256 key that signs ID tokens (ES256), shared by every server. The newest key not
/// retired signs; a retired key is still published until the tokens it signed have expired.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_keys")]
pub struct Model {
    /// The key id (`kid`) in token headers and the JWKS.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    /// The private scalar, encrypted with a key derived from the server key.
    pub private_key: String,
    /// The public point's coordinates, base64url, as the JWKS publishes them.
    pub x: String,
    pub y: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
