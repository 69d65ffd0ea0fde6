use serde::{Deserialize, Serialize};

/// The longest display name accepted.
pub const NAME_MAX_CHARS: usize = 100;

/// The longest name a passkey may be given (`Laptop`, `Work security key`).
pub const PASSKEY_NAME_MAX_CHARS: usize = 64;

/// Why a display name was refused; `Display` is the message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameProblem {
    TooLong,
    /// Line breaks, tabs and other control characters.
    ControlCharacters,
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameProblem::TooLong => "A name can be at most 100 characters long.",
            NameProblem::ControlCharacters => "A name is one line of ordinary characters.",
        })
    }
}

/// The display name to store: trimmed, and `None` when nothing is left (a name is optional).
pub fn check_name(name: &str) -> Result<Option<String>, NameProblem> {
    let name = name.trim();
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(NameProblem::TooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(NameProblem::ControlCharacters);
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_optional_single_lines() {
        assert_eq!(check_name("  Ada Lovelace "), Ok(Some("Ada Lovelace".to_owned())));
        assert_eq!(check_name("   "), Ok(None));
        assert_eq!(check_name("Zoë 李"), Ok(Some("Zoë 李".to_owned())));
        assert_eq!(check_name("Ada\nLovelace"), Err(NameProblem::ControlCharacters));
        assert_eq!(check_name(&"é".repeat(100)), Ok(Some("é".repeat(100))));
        assert_eq!(check_name(&"é".repeat(101)), Err(NameProblem::TooLong));
    }
}
