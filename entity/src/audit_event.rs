use sea_orm::entity::prelude::*;

use crate::AuditKind;

/// One authentication event. Never holds a password or a token.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    pub kind: AuditKind,
    pub account_id: Option<i64>,
    /// The address as typed, when the event concerns one.
    pub email: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    /// The API Owner who acted on the account (normalised email), when it was not the person
    /// themselves or the command line.
    pub actor: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
