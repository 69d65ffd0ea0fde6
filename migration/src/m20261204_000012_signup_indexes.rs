//! Two look-ups of sign-up that read whole tables:
//! - The count of the "someone tried" emails an address got lately, to cap them, read the whole
//!   outbox (sent mail is kept a week, and a flood of reset requests leaves many rows), so an
//!   address with an account answered later than a new one, by as much as the outbox was large:
//!   a clock that told who has an account. Now it reads that address's rows of that kind.
//! - The sign-ups waiting for approval, shown first on `/admin/users`, read every account. Now an
//!   index of only the accounts that wait (few, if any) serves them, and the week's purge of
//!   unconfirmed ones.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(RECIPIENT)
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Recipient)
                    .col(MailOutbox::Kind)
                    .col(MailOutbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(AWAITING)
                    .table(Accounts::Table)
                    .col(Accounts::Awaiting)
                    .col(Accounts::Id)
                    .and_where(Expr::col(Accounts::Awaiting).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(AWAITING).table(Accounts::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name(RECIPIENT).table(MailOutbox::Table).to_owned()).await
    }
}

const RECIPIENT: &str = "idx_mail_outbox_recipient";
const AWAITING: &str = "idx_accounts_awaiting";

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Recipient,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Awaiting,
    Id,
}
