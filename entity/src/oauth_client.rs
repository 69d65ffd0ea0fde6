use sea_orm::entity::prelude::*;

/// An application that signs people in through Latchkey (an OpenID Connect client), added by
/// an API Owner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: String,
    pub name: String,
    /// Hex SHA-256 of the client secret; `None` for a public client (a browser or mobile app),
    /// which proves itself by PKCE alone.
    pub secret_hash: Option<String>,
    /// The exact redirect URIs, one per line.
    pub redirect_uris: String,
    /// Where RP-initiated logout may send the browser afterwards, one per line.
    pub post_logout_redirect_uris: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
