//! `latchkey secret generate [--webhook]`: a fresh value for `LATCHKEY_SECRET_KEY`, or for
//! `LATCHKEY_WEBHOOK_SECRET`.

use latchkey_domain::{config::SecretKey, webhooks};

pub fn generate(webhook: bool) -> Result<(), String> {
    let key = if webhook { webhooks::new_secret() } else { SecretKey::generate() }.map_err(|e| e.to_string())?;
    println!("{}", key.expose());
    Ok(())
}
