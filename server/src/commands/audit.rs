//! `latchkey audit [--email E] [--limit N]`: the newest authentication events first, one line
//! each: time, kind, address, account, client address, User-Agent, and who acted (`by=` an API
//! Owner, or the person from another session; `-` for the person themselves or the CLI).

use latchkey_domain::config::Config;
use sea_orm::ActiveEnum;

use super::{open, utc};

pub async fn run(config: Config, email: Option<&str>, limit: u64) -> Result<(), String> {
    let k = open(config).await?;
    for event in k.audit_events(email, limit).await.map_err(|e| e.to_string())? {
        let dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            utc(event.at),
            event.kind.to_value(),
            dash(event.email),
            dash(event.account_id.map(|id| format!("account={id}"))),
            dash(event.client_ip),
            dash(event.user_agent),
            dash(event.actor.map(|actor| format!("by={actor}"))),
        );
    }
    Ok(())
}
