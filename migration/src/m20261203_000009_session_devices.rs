//! Where each session signed in from, for the list of sessions on `/account/security`: the
//! browser's User-Agent and the client network (a /24 or /64, never the address itself). And,
//! on the account, whether its next login is expected from a new browser (a password was just
//! set through a link), so that it sends no "new sign-in" email.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        manager
            .alter_table(Table::alter().table(Sessions::Table).add_column(string_null(Sessions::UserAgent)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Sessions::Table).add_column(string_null(Sessions::Network)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .add_column(boolean(Accounts::NextLoginExpected).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Accounts::Table).drop_column(Accounts::NextLoginExpected).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::Network).to_owned()).await?;
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::UserAgent).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserAgent,
    Network,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    NextLoginExpected,
}
