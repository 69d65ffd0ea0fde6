//! The worker's claim finds the oldest pending rows of a kind through an index of only the
//! pending rows, in id order, and stops after a batch: its cost no longer grows with the rows
//! waiting (a flood of reset requests once made every claim sort the whole backlog, and the
//! worker fell further behind the longer it ran). Sent rows, for housekeeping, get an index
//! of their own.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(DUE).table(MailOutbox::Table).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name(PENDING)
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Kind)
                    .col(MailOutbox::Id)
                    .and_where(Expr::col(MailOutbox::SentAt).is_null())
                    .and_where(Expr::col(MailOutbox::FailedAt).is_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(SENT)
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .and_where(Expr::col(MailOutbox::SentAt).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(SENT).table(MailOutbox::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name(PENDING).table(MailOutbox::Table).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name(DUE)
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }
}

const DUE: &str = "idx_mail_outbox_due";
const PENDING: &str = "idx_mail_outbox_pending";
const SENT: &str = "idx_mail_outbox_sent";

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Kind,
    SentAt,
    FailedAt,
    NextAttemptAt,
}
