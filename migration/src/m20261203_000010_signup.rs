//! Sign-up: an account made by signing up waits first for its address to be confirmed, then
//! (with `LATCHKEY_SIGNUP=approval`) for an API Owner's approval (`accounts.awaiting`; `NULL`
//! for every other account). A link now says what it is for (`reset_tokens.purpose`): setting a
//! password (reset links and invitations, as before) or confirming a sign-up's address.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Accounts::Table).add_column(string_null(Accounts::Awaiting)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ResetTokens::Table)
                    .add_column(string(ResetTokens::Purpose).default("password"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(ResetTokens::Table).drop_column(ResetTokens::Purpose).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Accounts::Table).drop_column(Accounts::Awaiting).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Awaiting,
}

#[derive(DeriveIden)]
enum ResetTokens {
    Table,
    Purpose,
}
