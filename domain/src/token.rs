//! Random bearer tokens (session cookies, reset links): 256 bits from the OS CSPRNG,
//! base64url without padding. Only the SHA-256 of a token is ever stored.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::{Error, secret::Secret};

/// 32 bytes = 256 bits of entropy.
const TOKEN_BYTES: usize = 32;

/// A fresh token, for the person, and the hash to store.
pub fn new_token() -> Result<(Secret<String>, String), Error> {
    let token = URL_SAFE_NO_PAD.encode(random_bytes::<TOKEN_BYTES>()?);
    let hash = hash_token(&token);
    Ok((Secret::new(token), hash))
}

/// A 32-byte key for one purpose (`info`, its HKDF label) from the server's key material
/// (HKDF-SHA256): each purpose has a key of its own, and none of them tells anything of another.
pub fn derive_key(material: &[u8], info: &[u8]) -> Secret<[u8; 32]> {
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so `expand` cannot fail.
    let _ = hkdf::Hkdf::<Sha256>::new(None, material).expand(info, &mut key);
    Secret::new(key)
}

/// `N` bytes from the OS CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Error::System(format!("OS random source: {e}")))?;
    Ok(bytes)
}

/// `N` random bytes from the OS CSPRNG as lowercase hex: names and ids that must not repeat.
pub fn random_hex<const N: usize>() -> Result<String, Error> {
    random_bytes::<N>().map(|bytes| hex(&bytes))
}

/// `bytes` as lowercase hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Hex SHA-256: what the database keeps in place of a token.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lowercase_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff, 0x5c]), "000fa0ff5c");
        assert_eq!(hex(&[]), "");
        let ids = [random_hex::<12>().unwrap(), random_hex::<12>().unwrap()];
        assert!(
            ids.iter().all(|id| id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        );
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn tokens_are_long_urlsafe_and_distinct() {
        let (a, hash_a) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_eq!(a.expose().len(), 43, "32 bytes in unpadded base64");
        assert!(a.expose().chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(a.expose(), b.expose());
        assert_eq!(hash_a, hash_token(a.expose()));
        assert_ne!(&hash_a, a.expose());
        assert_eq!(hash_a.len(), 64);
    }
}
