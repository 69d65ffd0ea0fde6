//! The bundled list of the 30,000 most common passwords (see `data/README.md`), checked on the
//! server only: the browser never carries it.

use std::{collections::HashSet, sync::OnceLock};

static LIST: &str = include_str!("../data/common-passwords.txt");

fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().collect())
}

/// Whether `password` is on the list, ignoring case, or is a listed password with digits or
/// symbols added at the end (`password12345!`), the commonest way people "strengthen" one.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    set().contains(lower.as_str()) || (stem.chars().count() >= 4 && set().contains(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_bundled_whole() {
        assert!(set().len() >= 20_000, "{}", set().len());
    }

    #[test]
    fn finds_common_passwords_whatever_their_case_or_suffix() {
        for common in ["password1234", "PASSWORD1234", "1234567890", "qwertyuiop", "Dragon2024!!", "monkey123456789"] {
            assert!(is_common(common), "{common}");
        }
        for fine in ["correct horse battery staple", "a brand new passphrase", "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑", "x7#mq"]
        {
            assert!(!is_common(fine), "{fine}");
        }
    }
}
