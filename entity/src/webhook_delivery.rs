use sea_orm::entity::prelude::*;

use crate::WebhookEvent;

/// An event for the webhook receiver (`LATCHKEY_WEBHOOK_URL`), waiting to be delivered (or
/// delivered). Written in the same transaction as the change it reports; a background worker
/// delivers it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The `webhook-id` header, the same on every attempt (`msg_…`).
    #[sea_orm(unique)]
    pub message_id: String,
    pub event: WebhookEvent,
    /// The account the event is about (it may since have been deleted).
    pub account_id: i64,
    /// The JSON body, exactly as signed and sent.
    pub payload: String,
    pub created_at: i64,
    /// After this, a failed attempt is the last: the delivery has failed for good.
    pub give_up_at: i64,
    pub attempts: i32,
    pub next_attempt_at: i64,
    /// A worker that claimed the delivery holds it until then.
    pub locked_until: Option<i64>,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
