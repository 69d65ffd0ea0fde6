//! A second factor: an authenticator app per account (its secret sealed, the last time step it
//! accepted), single-use recovery codes (hashes only), and the step between a right password and
//! a right code (`pending_logins`). Sessions learn how they were signed in (`amr`, RFC 8176) and
//! when a password or code was last typed in them (`verified_at`), for changes that ask for a
//! recent sign-in.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let of_account = |table: DynIden, column: DynIden| {
            ForeignKey::create()
                .from(table, column)
                .to(Accounts::Table, Accounts::Id)
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(TotpFactors::Table)
                    .col(big_integer(TotpFactors::AccountId).primary_key())
                    .col(text(TotpFactors::SealedSecret))
                    .col(big_integer(TotpFactors::LastStep))
                    .col(big_integer(TotpFactors::CreatedAt))
                    .foreign_key(&mut of_account(TotpFactors::Table.into_iden(), TotpFactors::AccountId.into_iden()))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(string(RecoveryCodes::CodeHash).primary_key())
                    .col(big_integer(RecoveryCodes::AccountId))
                    .col(big_integer(RecoveryCodes::CreatedAt))
                    .col(big_integer_null(RecoveryCodes::UsedAt))
                    .foreign_key(&mut of_account(
                        RecoveryCodes::Table.into_iden(),
                        RecoveryCodes::AccountId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_account")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingLogins::Table)
                    .col(string(PendingLogins::TokenHash).primary_key())
                    .col(big_integer(PendingLogins::AccountId))
                    .col(big_integer(PendingLogins::ExpiresAt))
                    .col(integer(PendingLogins::Failures).default(0))
                    .foreign_key(&mut of_account(
                        PendingLogins::Table.into_iden(),
                        PendingLogins::AccountId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds columns one at a time. Sessions from before
        // were signed in with a password, long enough ago to ask for it again.
        manager
            .alter_table(
                Table::alter().table(Sessions::Table).add_column(string(Sessions::Amr).default("pwd")).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(big_integer(Sessions::VerifiedAt).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::VerifiedAt).to_owned()).await?;
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::Amr).to_owned()).await?;
        manager.drop_table(Table::drop().table(PendingLogins::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RecoveryCodes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(TotpFactors::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Amr,
    VerifiedAt,
}

#[derive(DeriveIden)]
enum TotpFactors {
    Table,
    AccountId,
    SealedSecret,
    LastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    CodeHash,
    AccountId,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum PendingLogins {
    Table,
    TokenHash,
    AccountId,
    ExpiresAt,
    Failures,
}
