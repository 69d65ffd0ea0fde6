//! `LATCHKEY_SECRET_KEY`: random key material, never a password someone thought of.

use base64::{
    Engine,
    engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD},
};

use crate::{Error, secret::Secret, token::random_bytes};

/// The fewest bytes of key material accepted.
pub const MIN_KEY_BYTES: usize = 32;

/// Key material from which Latchkey's keys are derived (with HKDF). `Debug` prints nothing.
#[derive(Clone, Debug)]
pub struct SecretKey(Secret<Vec<u8>>);

impl SecretKey {
    /// Hex or base64 (standard or URL-safe, padded or not) of at least 32 bytes.
    pub fn parse(raw: &str) -> Result<SecretKey, String> {
        let raw = raw.trim();
        let bytes = decode_hex(raw)
            .or_else(|| [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD].iter().find_map(|e| e.decode(raw).ok()));
        match bytes {
            Some(bytes) if bytes.len() >= MIN_KEY_BYTES => Ok(SecretKey(Secret::new(bytes))),
            _ => Err(format!(
                "must be at least {MIN_KEY_BYTES} random bytes written as hex or base64; \
                 run `latchkey secret generate` for one"
            )),
        }
    }

    /// A fresh value for `LATCHKEY_SECRET_KEY`: 32 bytes from the OS, base64url.
    pub fn generate() -> Result<Secret<String>, Error> {
        Ok(Secret::new(URL_SAFE_NO_PAD.encode(random_bytes::<MIN_KEY_BYTES>()?)))
    }

    pub fn expose(&self) -> &[u8] {
        self.0.expose()
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_bytes_or_more_of_hex_or_base64() {
        assert_eq!(SecretKey::parse(&"ab".repeat(32)).unwrap().expose(), [0xab; 32]);
        assert_eq!(SecretKey::parse(&STANDARD.encode([7u8; 48])).unwrap().expose(), [7u8; 48]);
        assert_eq!(SecretKey::parse(&URL_SAFE_NO_PAD.encode([0xfb; 32])).unwrap().expose(), [0xfb; 32]);
        for weak in ["", "   ", "secret", "shared by every server", &"ab".repeat(31), &STANDARD.encode([1u8; 31])] {
            assert!(SecretKey::parse(weak).is_err(), "{weak:?} was accepted");
        }
    }

    #[test]
    fn generated_keys_parse_and_differ() {
        let (one, two) = (SecretKey::generate().unwrap(), SecretKey::generate().unwrap());
        assert_eq!(SecretKey::parse(one.expose()).unwrap().expose().len(), 32);
        assert_ne!(one.expose(), two.expose());
        assert!(!format!("{:?}", SecretKey::parse(one.expose()).unwrap()).contains(one.expose()));
    }
}
