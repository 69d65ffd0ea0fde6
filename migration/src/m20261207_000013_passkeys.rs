//! Passkeys (WebAuthn): each registered credential of an account, and the ceremonies under way
//! (a challenge sent to a browser, waiting for its answer). Ceremonies are rows, not process
//! memory, so that a ceremony begun on one server finishes on another; each is taken once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Passkeys::Table)
                    .col(big_integer(Passkeys::Id).auto_increment().primary_key())
                    .col(big_integer(Passkeys::AccountId))
                    .col(string_uniq(Passkeys::CredentialId))
                    .col(blob(Passkeys::UserHandle))
                    .col(string(Passkeys::Name))
                    .col(blob(Passkeys::StaticState))
                    .col(blob(Passkeys::DynamicState))
                    .col(big_integer(Passkeys::CreatedAt))
                    .col(big_integer_null(Passkeys::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Passkeys::Table, Passkeys::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_passkeys_account").table(Passkeys::Table).col(Passkeys::AccountId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasskeyCeremonies::Table)
                    .col(string(PasskeyCeremonies::Challenge).primary_key())
                    .col(big_integer_null(PasskeyCeremonies::AccountId))
                    .col(blob(PasskeyCeremonies::State))
                    .col(big_integer(PasskeyCeremonies::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasskeyCeremonies::Table, PasskeyCeremonies::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PasskeyCeremonies::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Passkeys::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Passkeys {
    Table,
    Id,
    AccountId,
    CredentialId,
    UserHandle,
    Name,
    StaticState,
    DynamicState,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum PasskeyCeremonies {
    Table,
    Challenge,
    AccountId,
    State,
    ExpiresAt,
}
