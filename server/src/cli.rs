use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Latchkey: login and password recovery for API developer portals.
#[derive(Parser)]
#[command(name = "latchkey", version)]
pub struct Cli {
    /// A TOML file with settings (the same keys as LATCHKEY_* without the prefix, lower case).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Inspect and retry queued mail.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Inspect and retry webhook deliveries.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Applications that sign people in through Latchkey (OpenID Connect clients).
    #[command(subcommand)]
    Client(ClientCommand),
    /// The keys ID tokens are signed with.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Keys.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Write a consistent copy of the SQLite database to FILE (mode 0600), while servers run.
    Backup { file: PathBuf },
    /// Put the SQLite backup FILE in place of the database (no server may be using it), and
    /// migrate it to this version.
    Restore { file: PathBuf },
    /// Exit 0 when the server on LATCHKEY_ADDR answers /healthz (a container's HEALTHCHECK).
    Health,
    /// Show authentication events, newest first.
    Audit {
        /// Only events about this address.
        #[arg(long)]
        email: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add(AddUser),
    /// One line per account: email, role, status.
    List,
    /// Print a fresh password reset link for an account (no email is sent).
    ResetLink {
        #[arg(long)]
        email: String,
    },
    /// Disable an account and end its sessions.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Create an account without a password and email the person a link to choose one.
    Invite {
        #[arg(long)]
        email: String,
        /// owner (API Owner) or consumer (API Consumer).
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Let a disabled account log in again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Make an account an API Owner (owner) or an API Consumer (consumer).
    SetRole {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
    /// Remove an account's second factors (authenticator app, recovery codes), for a person who
    /// lost them; ends its sessions and emails the person.
    ResetSecondFactor {
        #[arg(long)]
        email: String,
    },
    /// Delete an account, its sessions and links (never the last active API Owner).
    Delete {
        #[arg(long)]
        email: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum SecretCommand {
    /// Print a fresh random value for LATCHKEY_SECRET_KEY (or, with --webhook, for
    /// LATCHKEY_WEBHOOK_SECRET).
    Generate {
        /// A webhook signing secret (whsec_…) instead.
        #[arg(long)]
        webhook: bool,
    },
}

#[derive(Subcommand)]
pub enum MailCommand {
    /// One line per message, newest first: id, kind, recipient, state, attempts, last error.
    List {
        /// Only messages that failed for good.
        #[arg(long)]
        failed: bool,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Queue a message that failed for good again.
    Retry { id: i64 },
}

#[derive(Args)]
pub struct AddUser {
    #[arg(long)]
    pub email: String,
    /// owner (API Owner) or consumer (API Consumer).
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from the first line of standard input. Without it, the account has
    /// no password and a reset link is printed, so the person chooses their own.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Subcommand)]
pub enum WebhookCommand {
    /// One line per delivery, newest first: id, webhook-id, event, state, attempts, last error.
    List {
        /// Only deliveries that failed for good.
        #[arg(long)]
        failed: bool,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Queue a delivery that failed for good again (same webhook-id, same body).
    Retry { id: i64 },
}

#[derive(Subcommand)]
pub enum ClientCommand {
    /// Add an application; prints its client_id and, unless --public, its client_secret (shown
    /// this once).
    Add(AddClient),
    /// One line per application: client_id, name, confidential or public, redirect URIs.
    List,
    /// Remove an application and every token it was given.
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Args)]
pub struct AddClient {
    #[arg(long)]
    pub name: String,
    /// Where the application receives the code, exactly (repeat for several).
    #[arg(long = "redirect-uri", required = true)]
    pub redirect_uris: Vec<String>,
    /// Where a logout the application asks for may lead afterwards (repeat for several).
    #[arg(long = "post-logout-redirect-uri")]
    pub post_logout_redirect_uris: Vec<String>,
    /// A browser or mobile app, which cannot keep a secret: no client_secret, PKCE alone.
    #[arg(long)]
    pub public: bool,
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Sign ID tokens with a new key from now on; the old key stays published until the tokens
    /// it signed have expired.
    Rotate,
}
