//! Encryption at rest for the secret part of queued mail (a reset link): XChaCha20-Poly1305.
//!
//! The key comes from `LATCHKEY_SECRET_KEY` (any string; its SHA-256 is the key) or, without
//! it, from a key file generated on first start beside the SQLite database. Several servers
//! sharing a database must share `LATCHKEY_SECRET_KEY`.

use std::path::{Path, PathBuf};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};
use sha2::{Digest, Sha256};

use crate::{Error, config::Config, secret::Secret};

const NONCE_BYTES: usize = 24;

#[derive(Clone)]
pub struct SealKey(Secret<[u8; 32]>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey([redacted])")
    }
}

impl SealKey {
    /// The key the configuration calls for, creating the key file if needed.
    pub fn load(config: &Config) -> Result<SealKey, Error> {
        if let Some(secret) = &config.secret_key {
            return Ok(Self::derive(secret.expose()));
        }
        match key_file_path(config.database_url.expose()) {
            Some(path) => Self::from_file(&path),
            // An in-memory database lives only as long as the process; so may its key.
            None => Ok(SealKey(Secret::new(random_bytes()?))),
        }
    }

    pub fn derive(secret: &str) -> SealKey {
        SealKey(Secret::new(Sha256::digest(secret.as_bytes()).into()))
    }

    fn from_file(path: &Path) -> Result<SealKey, Error> {
        let io_error = |e: std::io::Error| Error::System(format!("key file {}: {e}", path.display()));
        if path.exists() {
            let text = std::fs::read_to_string(path).map_err(io_error)?;
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| Error::System(format!("key file {} is not a Latchkey key", path.display())))?;
            return Ok(SealKey(Secret::new(bytes)));
        }
        let bytes = random_bytes()?;
        write_private(path, &URL_SAFE_NO_PAD.encode(bytes)).map_err(io_error)?;
        tracing::info!(path = %path.display(), "generated the mail encryption key file");
        Ok(SealKey(Secret::new(bytes)))
    }

    /// Encrypts `plain`, bound to `context` (the recipient), as base64url(nonce ‖ ciphertext).
    pub fn seal(&self, plain: &str, context: &str) -> Result<String, Error> {
        let nonce_bytes: [u8; NONCE_BYTES] = random_array()?;
        let cipher = XChaCha20Poly1305::new(self.0.expose().into());
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce_bytes), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .map_err(|_| Error::System("encryption failed".into()))?;
        Ok(URL_SAFE_NO_PAD.encode([nonce_bytes.as_slice(), &sealed].concat()))
    }

    /// The plaintext of [`SealKey::seal`]'s output; `None` if it was sealed with another key,
    /// for another context, or tampered with.
    pub fn open(&self, sealed: &str, context: &str) -> Option<Secret<String>> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let cipher = XChaCha20Poly1305::new(self.0.expose().into());
        let plain =
            cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: context.as_bytes() }).ok()?;
        String::from_utf8(plain).ok().map(Secret::new)
    }
}

/// `latchkey.key` beside a SQLite database file, or in the working directory for PostgreSQL;
/// `None` for an in-memory SQLite database.
fn key_file_path(database_url: &str) -> Option<PathBuf> {
    let Some(rest) = database_url.strip_prefix("sqlite:") else {
        return Some(PathBuf::from("latchkey.key"));
    };
    let file = rest.trim_start_matches("//").split('?').next().unwrap_or_default();
    if file.is_empty() || file.contains(":memory:") || file.starts_with("memory") {
        return None;
    }
    let dir = Path::new(file).parent().map(Path::to_path_buf).unwrap_or_default();
    Some(dir.join("latchkey.key"))
}

fn random_bytes() -> Result<[u8; 32], Error> {
    random_array()
}

fn random_array<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Error::System(format!("OS random source: {e}")))?;
    Ok(bytes)
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_with_the_same_key_and_context() {
        let key = SealKey::derive("one key");
        let sealed = key.seal("https://portal/auth/reset/code?token=abc", "ada@example.com").unwrap();
        assert!(!sealed.contains("abc"));
        assert_eq!(key.open(&sealed, "ada@example.com").unwrap().expose(), "https://portal/auth/reset/code?token=abc");
        assert!(key.open(&sealed, "eve@example.com").is_none());
        assert!(SealKey::derive("another key").open(&sealed, "ada@example.com").is_none());
        assert_ne!(sealed, key.seal("https://portal/auth/reset/code?token=abc", "ada@example.com").unwrap());
    }

    #[test]
    fn key_files_live_beside_the_sqlite_database() {
        assert_eq!(key_file_path("sqlite://latchkey.db?mode=rwc"), Some(PathBuf::from("latchkey.key")));
        assert_eq!(key_file_path("sqlite:///var/lib/lk/data.db"), Some(PathBuf::from("/var/lib/lk/latchkey.key")));
        assert_eq!(key_file_path("sqlite::memory:"), None);
        assert_eq!(key_file_path("postgres://db/latchkey"), Some(PathBuf::from("latchkey.key")));
    }
}
