//! `latchkey user …`.

use std::io::BufRead;

use latchkey_domain::{
    accounts::{AddAccountError, NewAccount, Role, Status},
    audit::Client,
    config::Config,
    secret::Secret,
    unix_now,
};

use super::open;
use crate::cli::{AddUser, UserCommand};

pub async fn run(config: Config, command: UserCommand) -> Result<(), String> {
    match command {
        UserCommand::Add(add_user) => add(config, add_user).await,
        UserCommand::List => list(config).await,
        UserCommand::ResetLink { email } => reset_link(config, &email).await,
        UserCommand::Disable { email } => disable(config, &email).await,
        UserCommand::Invite { email, role, name } => invite(config, email, &role, name).await,
        UserCommand::Enable { email } => enable(config, &email).await,
        UserCommand::SetRole { email, role } => set_role(config, &email, &role).await,
        UserCommand::ResetSecondFactor { email } => reset_second_factor(config, &email).await,
        UserCommand::Delete { email, yes } => delete(config, &email, yes).await,
    }
}

async fn add(config: Config, args: AddUser) -> Result<(), String> {
    // Everything that can be checked without the database is checked first.
    let role: Role = args.role.parse()?;
    latchkey_policy::check_email(&args.email).map_err(|p| format!("invalid email '{}': {p}", args.email))?;
    let password = if args.password_stdin { Some(read_password()?) } else { None };
    let k = open(config).await?;
    let new = NewAccount { email: args.email.clone(), name: args.name, role, password };
    let account = k.add_account(new, unix_now()).await.map_err(|err| match err {
        AddAccountError::Duplicate => format!("an account for {} already exists", args.email),
        other => other.to_string(),
    })?;
    println!("created {} ({})", account.email, role.label());
    if account.password_hash.is_none() {
        let link = k.admin_reset_link(&account.email, unix_now()).await.map_err(|e| e.to_string())?;
        if let Some(link) = link {
            println!("the account has no password yet; send the person this link to choose one:");
            println!("{}", link.expose());
        }
    }
    Ok(())
}

/// `latchkey user reset-link`: the administrator never sees or picks the password.
async fn reset_link(config: Config, email: &str) -> Result<(), String> {
    let k = open(config).await?;
    match k.admin_reset_link(email, unix_now()).await.map_err(|e| e.to_string())? {
        Some(link) => {
            println!("{}", link.expose());
            Ok(())
        }
        None => Err(format!("no enabled account for {email}")),
    }
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<Secret<String>, String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password from stdin: {e}"))?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    Ok(Secret::new(password.to_owned()))
}

async fn list(config: Config) -> Result<(), String> {
    let k = open(config).await?;
    for account in k.list_accounts().await.map_err(|e| e.to_string())? {
        let status = Status::of(&account).as_str();
        println!("{}\t{}\t{status}", account.email, account.role.as_str());
    }
    Ok(())
}

async fn disable(config: Config, email: &str) -> Result<(), String> {
    let k = open(config).await?;
    let account = k.disable_account(email, &Client::default(), unix_now()).await.map_err(|e| e.to_string())?;
    println!("disabled {}; its sessions have ended", account.email);
    Ok(())
}

async fn invite(config: Config, email: String, role: &str, name: Option<String>) -> Result<(), String> {
    let role: Role = role.parse()?;
    latchkey_policy::check_email(&email).map_err(|p| format!("invalid email '{email}': {p}"))?;
    let k = open(config).await?;
    let new = NewAccount { email: email.clone(), name, role, password: None };
    let account = k.invite(new, &Client::default(), unix_now()).await.map_err(|err| match err {
        AddAccountError::Duplicate => format!("an account for {email} already exists"),
        other => other.to_string(),
    })?;
    println!("invited {} ({}); the invitation email is on its way", account.email, role.label());
    Ok(())
}

async fn enable(config: Config, email: &str) -> Result<(), String> {
    let k = open(config).await?;
    let account = k.enable_account(email, &Client::default(), unix_now()).await.map_err(|e| e.to_string())?;
    println!("enabled {}", account.email);
    Ok(())
}

async fn set_role(config: Config, email: &str, role: &str) -> Result<(), String> {
    let role: Role = role.parse()?;
    let k = open(config).await?;
    let account = k.set_role(email, role, &Client::default(), unix_now()).await.map_err(|e| e.to_string())?;
    println!("{} is now an {}", account.email, role.label());
    Ok(())
}

async fn reset_second_factor(config: Config, email: &str) -> Result<(), String> {
    let k = open(config).await?;
    let account = k.reset_second_factor(email, &Client::default(), unix_now()).await.map_err(|e| e.to_string())?;
    println!(
        "reset two-step verification of {}: its second factors are removed and its sessions have ended",
        account.email
    );
    Ok(())
}

/// Deletes after a `y` on standard input, unless `--yes` was given.
async fn delete(config: Config, email: &str, yes: bool) -> Result<(), String> {
    if !yes {
        eprint!("delete {email}, its sessions and links? [y/N] ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| format!("reading the answer: {e}"))?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return Err(format!("{email} was not deleted"));
        }
    }
    let k = open(config).await?;
    k.delete_account(email, &Client::default(), unix_now()).await.map_err(|e| e.to_string())?;
    println!("deleted {email}");
    Ok(())
}
