use sea_orm::entity::prelude::*;

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// Hex SHA-256 of the cookie's token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub account_id: i64,
    pub created_at: i64,
    /// Moves forward as the session is used; the idle timeout counts from here.
    pub last_seen_at: i64,
    /// The absolute timeout: the session ends then however active it is.
    pub expires_at: i64,
    /// How it was signed in: RFC 8176 method names, comma-separated (`pwd`, `pwd,otp,mfa`).
    pub amr: String,
    /// When a password or second factor was last typed in this session (changes to the second
    /// factor ask for a recent one).
    pub verified_at: i64,
    /// The browser's `User-Agent` at sign-in (at most 512 characters), to name it in the list
    /// of sessions.
    pub user_agent: Option<String>,
    /// The client network at sign-in, as text: an IPv4 /24 or an IPv6 /64, never the address.
    pub network: Option<String>,
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
