//! Login attempts are counted per address *and* per client (its network, or a browser that has
//! logged into the account before), so a stranger's failures hold only the stranger. The old
//! per-address table held short-lived counters only, so it is replaced, not converted.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000003_rate_limits_and_audit::{LoginThrottles, login_throttles};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginThrottles::Table).if_exists().to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(string(LoginAttempts::EmailNormalized))
                    .col(string(LoginAttempts::Scope))
                    .col(integer(LoginAttempts::Attempts))
                    .col(big_integer(LoginAttempts::WindowStart))
                    .col(big_integer(LoginAttempts::BlockedUntil))
                    .primary_key(Index::create().col(LoginAttempts::EmailNormalized).col(LoginAttempts::Scope))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginAttempts::Table).to_owned()).await?;
        manager.create_table(login_throttles()).await
    }
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    EmailNormalized,
    Scope,
    Attempts,
    WindowStart,
    BlockedUntil,
}
