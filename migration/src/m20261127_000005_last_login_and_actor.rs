//! What the administration pages show: when each account last logged in, and which API Owner
//! took each audited action (none for the command line and for people acting on their own
//! account). Audit rows gain an index by address, for the audit page's filter.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        manager
            .alter_table(
                Table::alter().table(Accounts::Table).add_column(big_integer_null(Accounts::LastLoginAt)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(AuditEvents::Table).add_column(string_null(AuditEvents::Actor)).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_email")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Email)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_audit_events_email").table(AuditEvents::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(AuditEvents::Table).drop_column(AuditEvents::Actor).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Accounts::Table).drop_column(Accounts::LastLoginAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Actor,
    Email,
    Id,
}
