//! `latchkey secret generate`: a fresh value for `LATCHKEY_SECRET_KEY`.

use latchkey_domain::config::SecretKey;

pub fn generate() -> Result<(), String> {
    let key = SecretKey::generate().map_err(|e| e.to_string())?;
    println!("{}", key.expose());
    Ok(())
}
