//! Encryption at rest for the secret part of queued mail (a reset link): XChaCha20-Poly1305.
//!
//! The key is derived with HKDF-SHA256 from `LATCHKEY_SECRET_KEY` or, without it (SQLite only),
//! from a key file generated atomically on first start beside the database. Several servers
//! sharing a database must share `LATCHKEY_SECRET_KEY`; the configuration requires it there.

use std::path::{Path, PathBuf};

use crate::{
    Error,
    config::Config,
    secret::Secret,
    token::{derive_key, random_bytes, random_hex},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};

const NONCE_BYTES: usize = 24;
/// Names what the derived key is for, so the same material can never yield this key elsewhere.
const HKDF_INFO: &[u8] = b"latchkey mail seal v1";

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
        Ok(Self::derive(key_material(config)?.expose()))
    }

    /// The mail key for some key material (HKDF-SHA256, no salt, a fixed purpose label).
    pub fn derive(material: &[u8]) -> SealKey {
        Self::derive_for(material, HKDF_INFO)
    }

    /// A key for another purpose (`info`, its HKDF label) from the same material.
    pub fn derive_for(material: &[u8], info: &[u8]) -> SealKey {
        SealKey(derive_key(material, info))
    }

    /// Encrypts `plain`, bound to `context` (the recipient), as base64url(nonce ‖ ciphertext).
    pub fn seal(&self, plain: &str, context: &str) -> Result<String, Error> {
        let nonce_bytes: [u8; NONCE_BYTES] = random_bytes()?;
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

/// The material Latchkey's keys are derived from: `LATCHKEY_SECRET_KEY`, else (SQLite) the key
/// file beside the database, created if need be.
pub fn key_material(config: &Config) -> Result<Secret<Vec<u8>>, Error> {
    if let Some(secret) = &config.mail.secret_key {
        return Ok(Secret::new(secret.expose().to_vec()));
    }
    match key_file_path(config.database.url.expose()) {
        Some(path) => Ok(Secret::new(read_or_create_key_file(&path)?)),
        // An in-memory database lives only as long as the process; so may its key.
        None => Ok(Secret::new(random_bytes::<32>()?.to_vec())),
    }
}

/// `latchkey.key` beside a SQLite database file, or in the working directory for PostgreSQL;
/// `None` for an in-memory SQLite database.
fn key_file_path(database_url: &str) -> Option<PathBuf> {
    if !database_url.starts_with("sqlite:") {
        return Some(PathBuf::from("latchkey.key"));
    }
    let file = crate::db::sqlite_file(database_url)?;
    Some(file.parent().map(Path::to_path_buf).unwrap_or_default().join("latchkey.key"))
}

/// The key material in the key file at `path`, creating the file if there is none. It is
/// written to a temporary file first and linked into place, so a process starting at the same
/// moment finds either no file or a whole one; a file others may read is refused.
fn read_or_create_key_file(path: &Path) -> Result<Vec<u8>, Error> {
    let io_error = |e: std::io::Error| Error::System(format!("key file {}: {e}", path.display()));
    if !path.exists() {
        let material = random_bytes::<32>()?;
        let suffix = random_hex::<8>()?;
        let temporary = path.with_extension(format!("key.{suffix}.tmp"));
        write_private(&temporary, &URL_SAFE_NO_PAD.encode(material)).map_err(io_error)?;
        let linked = std::fs::hard_link(&temporary, path);
        let _ = std::fs::remove_file(&temporary);
        match linked {
            Ok(()) => {
                tracing::info!(path = %path.display(), "generated the mail encryption key file");
                return Ok(material.to_vec());
            }
            // Another process created it first: use theirs.
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(io_error(err)),
        }
    }
    refuse_shared_file(path)?;
    let text = std::fs::read_to_string(path).map_err(io_error)?;
    URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or_else(|| Error::System(format!("key file {} is not a Latchkey key", path.display())))
}

#[cfg(unix)]
fn refuse_shared_file(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::System(format!("key file {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::System(format!(
            "key file {} may be read by other users (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_shared_file(_path: &Path) -> Result<(), Error> {
    Ok(())
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = crate::backup::private_file(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_with_the_same_key_and_context() {
        let key = SealKey::derive(b"one key material of 32 bytes....");
        // A token long enough that random base64 never holds it by chance (three letters did,
        // once in a few thousand runs).
        let link = "https://portal/auth/reset/code?token=Zq7fKp2WmX9tRb4V";
        let sealed = key.seal(link, "ada@example.com").unwrap();
        assert!(!sealed.contains("Zq7fKp2WmX9tRb4V"));
        assert_eq!(key.open(&sealed, "ada@example.com").unwrap().expose(), link);
        assert!(key.open(&sealed, "eve@example.com").is_none());
        assert!(SealKey::derive(b"another key material of 32 bytes").open(&sealed, "ada@example.com").is_none());
        assert_ne!(sealed, key.seal(link, "ada@example.com").unwrap());
    }

    #[test]
    fn the_key_file_is_created_once_private_and_refused_when_others_can_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latchkey.key");
        let first = read_or_create_key_file(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(read_or_create_key_file(&path).unwrap(), first, "the same key on the next start");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read_or_create_key_file(&path).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }

    #[test]
    fn processes_starting_together_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latchkey.key");
        let keys: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8).map(|_| scope.spawn(|| read_or_create_key_file(&path).unwrap())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|w| w[0] == w[1]), "every starter reads the one key");
    }

    #[test]
    fn key_files_live_beside_the_sqlite_database() {
        assert_eq!(key_file_path("sqlite://latchkey.db?mode=rwc"), Some(PathBuf::from("latchkey.key")));
        assert_eq!(key_file_path("sqlite:///var/lib/lk/data.db"), Some(PathBuf::from("/var/lib/lk/latchkey.key")));
        assert_eq!(key_file_path("sqlite::memory:"), None);
        assert_eq!(key_file_path("postgres://db/latchkey"), Some(PathBuf::from("latchkey.key")));
    }
}
