//! `latchkey client add|list|remove` and `latchkey keys rotate`.

use latchkey_domain::{audit::Client, config::Config, oidc::NewApp, unix_now};

use super::open;
use crate::cli::{AddClient, ClientCommand};

pub async fn run(config: Config, command: ClientCommand) -> Result<(), String> {
    let k = open(config).await?;
    let cli = Client::default();
    match command {
        ClientCommand::Add(AddClient { name, redirect_uris, post_logout_redirect_uris, public }) => {
            let new = NewApp { name, redirect_uris, post_logout_redirect_uris, public };
            let (app, secret) = k.add_app(new, &cli, unix_now()).await.map_err(|e| e.to_string())?;
            println!("client_id: {}", app.client_id);
            match secret {
                Some(secret) => println!(
                    "client_secret: {}\n(shown this once: keep it in the application's settings)",
                    secret.expose()
                ),
                None => println!("public client: no secret, PKCE alone"),
            }
        }
        ClientCommand::List => {
            for app in k.list_apps().await.map_err(|e| e.to_string())? {
                let kind = if app.public { "public" } else { "confidential" };
                println!("{}\t{}\t{kind}\t{}", app.client_id, app.name, app.redirect_uris.join(" "));
            }
        }
        ClientCommand::Remove { id } => {
            let app = k.remove_app(&id, &cli, unix_now()).await.map_err(|e| e.to_string())?;
            println!("removed {} ({}) and every token it was given", app.client_id, app.name);
        }
    }
    Ok(())
}

pub async fn rotate_keys(config: Config) -> Result<(), String> {
    let k = open(config).await?;
    let kid = k.rotate_signing_key(unix_now()).await.map_err(|e| e.to_string())?;
    println!(
        "ID tokens are signed with key {kid} from now on; the previous key stays published until its tokens expire"
    );
    Ok(())
}
