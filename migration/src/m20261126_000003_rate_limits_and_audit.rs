use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(string(RateLimits::Key).primary_key())
                    .col(big_integer(RateLimits::WindowStart))
                    .col(integer(RateLimits::Hits))
                    .to_owned(),
            )
            .await?;
        manager.create_table(login_throttles()).await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_integer(AuditEvents::Id).auto_increment().primary_key())
                    .col(big_integer(AuditEvents::At))
                    .col(string(AuditEvents::Kind))
                    .col(big_integer_null(AuditEvents::AccountId))
                    .col(string_null(AuditEvents::Email))
                    .col(string_null(AuditEvents::ClientIp))
                    .col(string_null(AuditEvents::UserAgent))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_audit_events_at").table(AuditEvents::Table).col(AuditEvents::At).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(LoginThrottles::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RateLimits::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Hits,
}

/// The per-address login counter of this migration (replaced by the fourth, whose `down`
/// brings it back).
pub(crate) fn login_throttles() -> TableCreateStatement {
    Table::create()
        .table(LoginThrottles::Table)
        .col(string(LoginThrottles::EmailNormalized).primary_key())
        .col(integer(LoginThrottles::Failures))
        .col(big_integer(LoginThrottles::FirstFailureAt))
        .col(big_integer(LoginThrottles::BlockedUntil))
        .to_owned()
}

#[derive(DeriveIden)]
pub(crate) enum LoginThrottles {
    Table,
    EmailNormalized,
    Failures,
    FirstFailureAt,
    BlockedUntil,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    Kind,
    AccountId,
    Email,
    ClientIp,
    UserAgent,
}
