use sea_orm::entity::prelude::*;

use crate::MailKind;

/// A message waiting to be sent (or sent). Written in the same transaction as the event that
/// caused it; a background worker delivers it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the worker does with the row: send a message, or fulfil a reset request.
    pub kind: MailKind,
    pub recipient: String,
    /// The message's secret part (a reset link), encrypted; erased once sent.
    pub sealed_payload: Option<String>,
    pub created_at: i64,
    pub attempts: i32,
    pub next_attempt_at: i64,
    /// A worker that claimed the message holds it until then.
    pub locked_until: Option<i64>,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
    /// The language of the request that queued it (`de`); `None`: English.
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
