//! The OpenID Connect provider: the applications (clients) that sign people in through
//! Latchkey, the keys their ID tokens are signed with, and every code and token handed out.
//! All of it in the database, so that a flow begun on one server finishes on another.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OauthClients::Table)
                    .col(string(OauthClients::ClientId).primary_key())
                    .col(string(OauthClients::Name))
                    .col(string_null(OauthClients::SecretHash))
                    .col(text(OauthClients::RedirectUris))
                    .col(text(OauthClients::PostLogoutRedirectUris))
                    .col(big_integer(OauthClients::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OauthKeys::Table)
                    .col(string(OauthKeys::Kid).primary_key())
                    .col(text(OauthKeys::PrivateKey))
                    .col(string(OauthKeys::X))
                    .col(string(OauthKeys::Y))
                    .col(big_integer(OauthKeys::CreatedAt))
                    .col(big_integer_null(OauthKeys::RetiredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OauthGrants::Table)
                    .col(big_integer(OauthGrants::Id).auto_increment().primary_key())
                    .col(string(OauthGrants::ClientId))
                    .col(big_integer(OauthGrants::AccountId))
                    .col(string(OauthGrants::Scope))
                    .col(string(OauthGrants::Amr))
                    .col(big_integer(OauthGrants::AuthTime))
                    .col(big_integer(OauthGrants::CreatedAt))
                    .col(big_integer(OauthGrants::ExpiresAt))
                    .foreign_key(&mut client_fk(OauthGrants::Table, OauthGrants::ClientId))
                    .foreign_key(&mut account_fk(OauthGrants::Table, OauthGrants::AccountId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OauthCodes::Table)
                    .col(string(OauthCodes::CodeHash).primary_key())
                    .col(string(OauthCodes::ClientId))
                    .col(big_integer(OauthCodes::AccountId))
                    .col(text(OauthCodes::RedirectUri))
                    .col(string(OauthCodes::CodeChallenge))
                    .col(string(OauthCodes::Scope))
                    .col(text_null(OauthCodes::Nonce))
                    .col(string(OauthCodes::Amr))
                    .col(big_integer(OauthCodes::AuthTime))
                    .col(big_integer(OauthCodes::ExpiresAt))
                    .col(big_integer_null(OauthCodes::GrantId))
                    .foreign_key(&mut client_fk(OauthCodes::Table, OauthCodes::ClientId))
                    .foreign_key(&mut account_fk(OauthCodes::Table, OauthCodes::AccountId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OauthTokens::Table)
                    .col(string(OauthTokens::TokenHash).primary_key())
                    .col(big_integer(OauthTokens::GrantId))
                    .col(string(OauthTokens::Kind))
                    .col(big_integer(OauthTokens::ExpiresAt))
                    .col(boolean(OauthTokens::Used))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OauthTokens::Table, OauthTokens::GrantId)
                            .to(OauthGrants::Table, OauthGrants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, column) in [
            ("idx_oauth_grants_account", OauthGrants::Table, OauthGrants::AccountId),
            ("idx_oauth_grants_expires", OauthGrants::Table, OauthGrants::ExpiresAt),
        ] {
            manager.create_index(Index::create().name(name).table(table).col(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_oauth_tokens_grant")
                    .table(OauthTokens::Table)
                    .col(OauthTokens::GrantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_oauth_codes_expires")
                    .table(OauthCodes::Table)
                    .col(OauthCodes::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OauthTokens::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OauthCodes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OauthGrants::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OauthKeys::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OauthClients::Table).to_owned()).await
    }
}

fn client_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(OauthClients::Table, OauthClients::ClientId)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn account_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Accounts::Table, Accounts::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OauthClients {
    Table,
    ClientId,
    Name,
    SecretHash,
    RedirectUris,
    PostLogoutRedirectUris,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OauthKeys {
    Table,
    Kid,
    PrivateKey,
    X,
    Y,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum OauthGrants {
    Table,
    Id,
    ClientId,
    AccountId,
    Scope,
    Amr,
    AuthTime,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OauthCodes {
    Table,
    CodeHash,
    ClientId,
    AccountId,
    RedirectUri,
    CodeChallenge,
    Scope,
    Nonce,
    Amr,
    AuthTime,
    ExpiresAt,
    GrantId,
}

#[derive(DeriveIden)]
enum OauthTokens {
    Table,
    TokenHash,
    GrantId,
    Kind,
    ExpiresAt,
    Used,
}
