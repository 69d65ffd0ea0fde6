use serde::{Deserialize, Serialize};

/// RFC 5321's limit on a forward path, which is what an address must fit in to be mailed.
pub const EMAIL_MAX_CHARS: usize = 254;

/// Why an email address was refused; `Display` is the message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailProblem {
    Missing,
    TooLong,
    Malformed,
}

impl std::fmt::Display for EmailProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EmailProblem::Missing => "Enter your email address.",
            EmailProblem::TooLong => "An email address can be at most 254 characters long.",
            EmailProblem::Malformed => "Enter an email address like name@example.com.",
        })
    }
}

/// The form in which addresses are compared and kept unique: trimmed and lower-cased.
/// The address is still stored as typed, for display and for sending mail.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Accepts what a browser's `<input type="email">` accepts (the HTML standard's "valid email
/// address"), so the browser and the server never disagree about the same text.
pub fn check_email(email: &str) -> Result<(), EmailProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Err(EmailProblem::Missing);
    }
    if email.chars().count() > EMAIL_MAX_CHARS {
        return Err(EmailProblem::TooLong);
    }
    let (local, domain) = email.split_once('@').ok_or(EmailProblem::Malformed)?;
    let local_ok = !local.is_empty() && local.chars().count() <= 64 && local.chars().all(is_local_char);
    let domain_ok = domain.len() <= 253 && domain.split('.').all(is_domain_label);
    if local_ok && domain_ok { Ok(()) } else { Err(EmailProblem::Malformed) }
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_domain_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in ["a@example.com", "first.last+tag@sub.example.co.uk", "x@localhost", " padded@example.com "] {
            assert_eq!(check_email(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        assert_eq!(check_email(""), Err(EmailProblem::Missing));
        assert_eq!(check_email("   "), Err(EmailProblem::Missing));
        for bad in [
            "plain",
            "@example.com",
            "a@",
            "a@@example.com",
            "a b@example.com",
            "a@-x.com",
            "a@x..com",
            "a@exa mple.com",
        ] {
            assert_eq!(check_email(bad), Err(EmailProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn refuses_addresses_over_254_characters() {
        let long = format!("{}@{}.com", "a".repeat(64), vec!["b".repeat(60); 4].join("."));
        assert!(long.len() > EMAIL_MAX_CHARS);
        assert_eq!(check_email(&long), Err(EmailProblem::TooLong));
    }

    #[test]
    fn normalises_case_and_surrounding_space() {
        assert_eq!(normalise_email("  Ada.Lovelace@Example.COM "), "ada.lovelace@example.com");
    }
}
