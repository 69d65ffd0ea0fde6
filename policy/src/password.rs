use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The longest password anyone may use or try: longer input is refused before any hashing.
/// A policy's `max_length` may be lower, never higher.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// The active password policy. The defaults follow NIST SP 800-63B-4: length matters, composition
/// rules are off. The optional validators mirror Tyk's policy for operators who need parity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
    /// Require both an upper-case and a lower-case letter.
    pub multi_case: bool,
    pub min_numeric: usize,
    pub min_special: usize,
    /// Refuse three or more sequential or repeated characters (`abc`, `321`, `111`).
    pub disable_sequential: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 12,
            max_length: PASSWORD_MAX_CHARS,
            multi_case: false,
            min_numeric: 0,
            min_special: 0,
            disable_sequential: false,
        }
    }
}

/// One unmet rule; `Display` is the message shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort { min: usize },
    TooLong { max: usize },
    ContainsEmail,
    NeedsMixedCase,
    NeedsDigits { min: usize },
    NeedsSpecial { min: usize },
    Sequential,
    TooCommon,
    Mismatch,
}

impl std::fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordProblem::TooShort { min } => write!(f, "Use at least {min} characters."),
            PasswordProblem::TooLong { max } => write!(f, "Use at most {max} characters."),
            PasswordProblem::ContainsEmail => f.write_str("Do not use your email address in your password."),
            PasswordProblem::NeedsMixedCase => f.write_str("Use both upper-case and lower-case letters."),
            PasswordProblem::NeedsDigits { min } => write!(f, "Use at least {min} digit(s)."),
            PasswordProblem::NeedsSpecial { min } => {
                write!(f, "Use at least {min} symbol(s), such as ! or #.")
            }
            PasswordProblem::Sequential => f.write_str("Avoid runs like abc, 123 or 111."),
            PasswordProblem::TooCommon => f.write_str("This password is too common. Choose another."),
            PasswordProblem::Mismatch => f.write_str("The two passwords do not match."),
        }
    }
}

/// `password` in Unicode NFC, the form it is checked and hashed in: the same password typed on
/// a system that composes accents differently (`é` as one character or as `e` + `´`) works.
#[cfg(not(target_arch = "wasm32"))]
pub fn normalise_password(password: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(password.chars()) == IsNormalized::Yes {
        Cow::Borrowed(password)
    } else {
        Cow::Owned(password.nfc().collect())
    }
}

/// In the browser, NFC comes from the browser itself (`String.prototype.normalize`), which
/// spares the bundle the Unicode tables.
#[cfg(target_arch = "wasm32")]
pub fn normalise_password(password: &str) -> Cow<'_, str> {
    match js_sys::JsString::from(password).normalize("NFC").as_string() {
        Some(normalised) if normalised != password => Cow::Owned(normalised),
        _ => Cow::Borrowed(password),
    }
}

/// Every rule of `policy` that `password` breaks, in the order they are shown. `email` is the
/// account's address: a password may not contain its local part when that is 4+ characters.
/// Characters are Unicode scalar values of the NFC form; nothing is ever truncated.
pub fn check_password(policy: &PasswordPolicy, password: &str, email: &str) -> Vec<PasswordProblem> {
    let password = &*normalise_password(password);
    let mut problems = Vec::new();
    let length = password.chars().count();
    if length < policy.min_length {
        problems.push(PasswordProblem::TooShort { min: policy.min_length });
    }
    if length > policy.max_length {
        // Nothing else is worth checking (or hashing) for an oversized value.
        problems.push(PasswordProblem::TooLong { max: policy.max_length });
        return problems;
    }
    let local_part = email.trim().split('@').next().unwrap_or_default().to_lowercase();
    if local_part.chars().count() >= 4 && password.to_lowercase().contains(&local_part) {
        problems.push(PasswordProblem::ContainsEmail);
    }
    if policy.multi_case && !(password.chars().any(char::is_uppercase) && password.chars().any(char::is_lowercase)) {
        problems.push(PasswordProblem::NeedsMixedCase);
    }
    if password.chars().filter(char::is_ascii_digit).count() < policy.min_numeric {
        problems.push(PasswordProblem::NeedsDigits { min: policy.min_numeric });
    }
    let special = password.chars().filter(|c| !c.is_alphanumeric() && !c.is_whitespace()).count();
    if special < policy.min_special {
        problems.push(PasswordProblem::NeedsSpecial { min: policy.min_special });
    }
    if policy.disable_sequential && has_run_of_three(password) {
        problems.push(PasswordProblem::Sequential);
    }
    problems
}

/// Every problem `check_password` can find under `policy`, and a mismatch of the two fields: the
/// messages a page needs ready before anything is typed.
pub fn possible_problems(policy: &PasswordPolicy) -> Vec<PasswordProblem> {
    let mut problems = vec![
        PasswordProblem::TooShort { min: policy.min_length },
        PasswordProblem::TooLong { max: policy.max_length },
        PasswordProblem::ContainsEmail,
    ];
    if policy.multi_case {
        problems.push(PasswordProblem::NeedsMixedCase);
    }
    if policy.min_numeric > 0 {
        problems.push(PasswordProblem::NeedsDigits { min: policy.min_numeric });
    }
    if policy.min_special > 0 {
        problems.push(PasswordProblem::NeedsSpecial { min: policy.min_special });
    }
    if policy.disable_sequential {
        problems.push(PasswordProblem::Sequential);
    }
    problems.extend([PasswordProblem::TooCommon, PasswordProblem::Mismatch]);
    problems
}

/// How strong a password looks, for an encouraging hint as people type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strength {
    TooShort,
    Fair,
    Good,
    Strong,
}

impl Strength {
    pub const ALL: [Strength; 4] = [Strength::TooShort, Strength::Fair, Strength::Good, Strength::Strong];
}

/// A password's strength: length is what counts most; variety of characters helps a little.
/// `None` for an empty password.
pub fn strength(password: &str) -> Option<Strength> {
    if password.is_empty() {
        return None;
    }
    let length = password.chars().count();
    let classes = [
        password.chars().any(char::is_lowercase),
        password.chars().any(char::is_uppercase),
        password.chars().any(|c| c.is_numeric()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|present| **present)
    .count();
    let score = length + 2 * classes.saturating_sub(1);
    Some(match score {
        0..12 => Strength::TooShort,
        12..16 => Strength::Fair,
        16..22 => Strength::Good,
        _ => Strength::Strong,
    })
}

/// True when three consecutive characters are equal or step by one (`aaa`, `abc`, `cba`).
fn has_run_of_three(password: &str) -> bool {
    let codes: Vec<i64> = password.to_lowercase().chars().map(|c| i64::from(u32::from(c))).collect();
    codes.windows(3).any(|w| {
        let (a, b) = (w[1] - w[0], w[2] - w[1]);
        a == b && a.abs() <= 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_problems(password: &str) -> Vec<PasswordProblem> {
        check_password(&PasswordPolicy::default(), password, "someone@example.com")
    }

    #[test]
    fn length_boundaries_count_characters() {
        assert_eq!(default_problems(&"x".repeat(11)), vec![PasswordProblem::TooShort { min: 12 }]);
        assert!(default_problems(&"x".repeat(12)).is_empty());
        assert!(default_problems(&"x".repeat(128)).is_empty());
        assert_eq!(default_problems(&"x".repeat(129)), vec![PasswordProblem::TooLong { max: 128 }]);
        // Twelve emoji are twelve characters (48 bytes): long enough, not too long.
        assert!(default_problems(&"🔑".repeat(12)).is_empty());
        assert_eq!(default_problems(&"🔑".repeat(11)), vec![PasswordProblem::TooShort { min: 12 }]);
    }

    #[test]
    fn refuses_the_email_local_part_in_any_case() {
        let problems = check_password(&PasswordPolicy::default(), "my-ADA.LOVELACE-pass", "Ada.Lovelace@example.com");
        assert_eq!(problems, vec![PasswordProblem::ContainsEmail]);
        // A local part shorter than four characters is too common a substring to forbid.
        assert!(check_password(&PasswordPolicy::default(), "correct horse bob", "bob@example.com").is_empty());
    }

    #[test]
    fn optional_validators_are_off_by_default_and_work_when_on() {
        let strict = PasswordPolicy {
            multi_case: true,
            min_numeric: 2,
            min_special: 1,
            disable_sequential: true,
            ..PasswordPolicy::default()
        };
        assert!(default_problems("alllowercaseletters").is_empty());
        let problems = check_password(&strict, "alllowercaseletters", "x@example.com");
        assert_eq!(
            problems,
            vec![
                PasswordProblem::NeedsMixedCase,
                PasswordProblem::NeedsDigits { min: 2 },
                PasswordProblem::NeedsSpecial { min: 1 },
                PasswordProblem::Sequential,
            ]
        );
        assert!(check_password(&strict, "Tr0ub4dor&Horse", "x@example.com").is_empty());
    }

    #[test]
    fn every_problem_found_is_among_the_possible_ones() {
        let strict = PasswordPolicy {
            min_length: 8,
            max_length: 20,
            multi_case: true,
            min_numeric: 2,
            min_special: 1,
            disable_sequential: true,
        };
        for policy in [PasswordPolicy::default(), strict] {
            let possible = possible_problems(&policy);
            for password in ["", "abc", "person-abc-111", "x".repeat(200).as_str(), "Fine Pass 12!"] {
                for problem in check_password(&policy, password, "person@example.com") {
                    assert!(possible.contains(&problem), "{problem:?} missing for {policy:?}");
                }
            }
        }
        assert!(!possible_problems(&PasswordPolicy::default()).contains(&PasswordProblem::NeedsMixedCase));
    }

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(strength(""), None);
        assert_eq!(strength("short"), Some(Strength::TooShort));
        assert_eq!(strength("twelve chars"), Some(Strength::Fair));
        assert_eq!(strength("Twelve chars 12"), Some(Strength::Good));
        assert_eq!(strength("correct horse battery staple"), Some(Strength::Strong));
    }

    #[test]
    fn sequential_runs_go_both_ways() {
        assert!(has_run_of_three("xabcx"));
        assert!(has_run_of_three("x321x"));
        assert!(has_run_of_three("x111x"));
        assert!(!has_run_of_three("acegik"));
    }
}
