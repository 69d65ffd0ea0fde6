//! `latchkey`: the web server, migrations and account administration (CONTRACT.md §2).

mod background;
mod cli;
mod commands;
mod connections;
mod http;
mod metrics;
mod serve;
mod site;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;
use latchkey_domain::{backup, config::Config};

use crate::cli::{Cli, Command, KeysCommand, MailCommand, SecretCommand, WebhookCommand};

/// mimalloc rather than glibc's malloc: a page view allocates a few hundred small blocks on
/// whichever worker thread it lands, and glibc's arenas spent a fifth of it in malloc and free,
/// waiting on their locks (`make bench` shows the difference).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Needs no configuration: it is how an operator gets the key the configuration asks for.
    if let Some(Command::Secret(SecretCommand::Generate { webhook })) = cli.command {
        return match commands::secret::generate(webhook) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => fail(err),
        };
    }
    let config = match Config::load(cli.config) {
        Ok(config) => config,
        Err(err) => return fail(err),
    };
    telemetry::init(&config);
    for variable in &config.unknown_variables {
        tracing::warn!(%variable, "unknown LATCHKEY_* variable ignored");
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::run(config).await,
        Command::Migrate => commands::migrate(config).await,
        Command::User(user) => commands::user::run(config, user).await,
        Command::Mail(MailCommand::List { failed, limit }) => commands::mail::list(config, failed, limit).await,
        Command::Mail(MailCommand::Retry { id }) => commands::mail::retry(config, id).await,
        Command::Webhook(WebhookCommand::List { failed, limit }) => {
            commands::webhook::list(config, failed, limit).await
        }
        Command::Webhook(WebhookCommand::Retry { id }) => commands::webhook::retry(config, id).await,
        Command::Audit { email, limit } => commands::audit::run(config, email.as_deref(), limit).await,
        Command::Client(command) => commands::client::run(config, command).await,
        Command::Keys(KeysCommand::Rotate) => commands::client::rotate_keys(config).await,
        Command::Health => commands::health::check(&config),
        Command::Backup { file } => backup::backup(&config, &file).await.map(|done| println!("{done}")),
        Command::Restore { file } => backup::restore(&config, &file).await.map(|done| println!("{done}")),
        Command::Secret(SecretCommand::Generate { webhook }) => commands::secret::generate(webhook),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err),
    }
}

/// One clear line on stderr and a non-zero exit.
fn fail(err: impl std::fmt::Display) -> ExitCode {
    eprintln!("latchkey: {err}");
    ExitCode::FAILURE
}
