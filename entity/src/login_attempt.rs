use sea_orm::entity::prelude::*;

/// Login attempts for one address from one client: a network (`net:203.0.113.7`,
/// `net:2001:db8:1:2::/64`) or a browser that has logged into the account before
/// (`device:…`). Counted whether or not the address has an account, so throttling reveals nothing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub email_normalized: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// Attempts since `window_start`, counted before the password is checked.
    pub attempts: i32,
    pub window_start: i64,
    /// No password is checked for this address and client before then.
    pub blocked_until: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
