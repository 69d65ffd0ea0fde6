use sea_orm::entity::prelude::*;

/// Failed logins for one address (known or not, so throttling reveals nothing).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub email_normalized: String,
    pub failures: i32,
    pub first_failure_at: i64,
    /// No password is checked for this address before then.
    pub blocked_until: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
