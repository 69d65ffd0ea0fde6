//! Device cookies (OWASP's pattern against lockout by strangers): a browser that has logged
//! into an account gets a signed cookie naming that account; its login attempts are then counted
//! on their own, so failures from anywhere else never hold it.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{
    Error,
    secret::Secret,
    token::{derive_key, random_bytes},
};

const HKDF_INFO: &[u8] = b"latchkey device cookie v1";

#[derive(Clone)]
pub struct DeviceKey(Secret<[u8; 32]>);

impl DeviceKey {
    /// The signing key for some key material (HKDF-SHA256, its own purpose label).
    pub fn derive(material: &[u8]) -> DeviceKey {
        DeviceKey(derive_key(material, HKDF_INFO))
    }

    /// A new cookie value for a browser that logged into `email` (normalised): `id.signature`.
    pub fn issue(&self, email: &str) -> Result<Secret<String>, Error> {
        let id = URL_SAFE_NO_PAD.encode(random_bytes::<16>()?);
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&id, email).finalize().into_bytes());
        Ok(Secret::new(format!("{id}.{signature}")))
    }

    /// The browser's id, if `cookie` was issued by this server for `email` (normalised).
    pub fn verify(&self, cookie: &str, email: &str) -> Option<String> {
        let (id, signature) = cookie.split_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(id, email).verify_slice(&signature).ok()?;
        Some(id.to_owned())
    }

    fn mac(&self, id: &str, email: &str) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so this cannot fail; the fallback keeps it panic-free.
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.expose())
            .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
        mac.update(id.as_bytes());
        mac.update(b"|");
        mac.update(email.as_bytes());
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_names_one_account_and_cannot_be_forged() {
        let key = DeviceKey::derive(b"some key material of 32 bytes!!!");
        let cookie = key.issue("ada@example.com").unwrap();
        let id = key.verify(cookie.expose(), "ada@example.com").unwrap();
        assert!(cookie.expose().starts_with(&id));
        assert_eq!(key.verify(cookie.expose(), "eve@example.com"), None, "bound to its account");
        assert_eq!(DeviceKey::derive(b"other material").verify(cookie.expose(), "ada@example.com"), None);
        let (_, signature) = cookie.expose().split_once('.').unwrap();
        assert_eq!(key.verify(&format!("forged.{signature}"), "ada@example.com"), None);
        assert_eq!(key.verify("garbage", "ada@example.com"), None);
        assert_ne!(key.issue("ada@example.com").unwrap().expose(), cookie.expose(), "one per login");
    }
}
