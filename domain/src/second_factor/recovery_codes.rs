//! Recovery codes: ten per account, shown once, each good for one sign-in. They are short (50
//! bits), so they are stored as a keyed hash (HMAC-SHA256 with a key of their own derived from
//! the server's key), which a copy of the database alone cannot reverse; Argon2 per code would
//! cost a login ten hashings for no gain.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{
    Error,
    secret::Secret,
    token::{derive_key, hex, random_bytes},
};

/// How many a person gets at a time.
pub const COUNT: usize = 10;
/// Letters and digits that cannot be mistaken for one another: no `0`, `o`, `i` or `l` (a typed
/// `i` or `l` is read as the `1` it was).
const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz123456789";
const HKDF_INFO: &[u8] = b"latchkey recovery codes v1";

#[derive(Clone)]
pub struct CodeKey(Secret<[u8; 32]>);

impl CodeKey {
    pub fn derive(material: &[u8]) -> CodeKey {
        CodeKey(derive_key(material, HKDF_INFO))
    }

    /// What is stored for `code` (as typed: case, spaces and dashes do not matter) of an account.
    pub fn hash(&self, account_id: i64, code: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.expose())
            .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
        mac.update(account_id.to_string().as_bytes());
        mac.update(b"|");
        mac.update(normalise(code).as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Ten new codes, `xxxxx-xxxxx`.
pub fn new_codes() -> Result<Vec<Secret<String>>, Error> {
    (0..COUNT)
        .map(|_| {
            let bytes = random_bytes::<10>()?;
            let letters: String = bytes.iter().map(|b| char::from(ALPHABET[usize::from(b % 32)])).collect();
            Ok(Secret::new(format!("{}-{}", &letters[..5], &letters[5..])))
        })
        .collect()
}

fn normalise(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| match c.to_ascii_lowercase() {
            'i' | 'l' => '1',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_are_ten_distinct_and_hashed_per_account() {
        let codes = new_codes().unwrap();
        assert_eq!(codes.len(), COUNT);
        let mut seen: Vec<&String> = codes.iter().map(Secret::expose).collect();
        seen.dedup();
        assert_eq!(seen.len(), COUNT);
        assert!(codes.iter().all(|c| c.expose().len() == 11 && c.expose().as_bytes()[5] == b'-'));
        let key = CodeKey::derive(b"material");
        let code = codes[0].expose();
        assert_eq!(key.hash(1, code), key.hash(1, &code.to_uppercase().replace('-', " ")), "as typed");
        assert_eq!(key.hash(1, "ab1cd-ef1gh"), key.hash(1, "abIcd-efLgh"));
        assert_ne!(key.hash(1, code), key.hash(2, code), "bound to its account");
        assert_ne!(key.hash(1, code), CodeKey::derive(b"other").hash(1, code));
    }
}
