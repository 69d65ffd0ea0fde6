//! Webhooks: each event for the receiver is a row, written in the same transaction as the
//! change it reports and delivered by the background worker like mail (a lease, retries with
//! backoff). `payload` is the JSON body exactly as signed and sent on every attempt.
//! Pending rows have two indexes of their own: in id order (the worker's next one) and per
//! account in id order (nothing goes out while an earlier event of its account waits).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(big_integer(WebhookDeliveries::Id).auto_increment().primary_key())
                    .col(string_uniq(WebhookDeliveries::MessageId))
                    .col(string(WebhookDeliveries::Event))
                    .col(big_integer(WebhookDeliveries::AccountId))
                    .col(text(WebhookDeliveries::Payload))
                    .col(big_integer(WebhookDeliveries::CreatedAt))
                    .col(big_integer(WebhookDeliveries::GiveUpAt))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(big_integer(WebhookDeliveries::NextAttemptAt))
                    .col(big_integer_null(WebhookDeliveries::LockedUntil))
                    .col(big_integer_null(WebhookDeliveries::DeliveredAt))
                    .col(big_integer_null(WebhookDeliveries::FailedAt))
                    .col(text_null(WebhookDeliveries::LastError))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (PENDING, &[WebhookDeliveries::Id][..]),
            (PENDING_BY_ACCOUNT, &[WebhookDeliveries::AccountId, WebhookDeliveries::Id][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(WebhookDeliveries::Table);
            for column in columns {
                index.col(*column);
            }
            index
                .and_where(Expr::col(WebhookDeliveries::DeliveredAt).is_null())
                .and_where(Expr::col(WebhookDeliveries::FailedAt).is_null());
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned()).await
    }
}

const PENDING: &str = "idx_webhook_deliveries_pending";
const PENDING_BY_ACCOUNT: &str = "idx_webhook_deliveries_pending_account";

#[derive(DeriveIden, Clone, Copy)]
enum WebhookDeliveries {
    Table,
    Id,
    MessageId,
    Event,
    AccountId,
    Payload,
    CreatedAt,
    GiveUpAt,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    DeliveredAt,
    FailedAt,
    LastError,
}
