#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Properties of the password rules over arbitrary Unicode input.

use latchkey_policy::{PasswordPolicy, PasswordProblem, check_password};
use proptest::prelude::*;

fn problems(password: &str) -> Vec<PasswordProblem> {
    check_password(&PasswordPolicy::default(), password, "x@example.com")
}

proptest! {
    /// Length is counted in Unicode scalar values, whatever the script, and decides exactly
    /// the two length rules.
    #[test]
    fn length_rules_follow_the_character_count(password in "\\PC{0,140}") {
        let count = password.chars().count();
        let found = problems(&password);
        prop_assert_eq!(found.contains(&PasswordProblem::TooShort { min: 12 }), count < 12);
        prop_assert_eq!(found.contains(&PasswordProblem::TooLong { max: 128 }), count > 128);
    }

    /// With the default policy, only length and the email rule can ever apply: no composition
    /// rules sneak in.
    #[test]
    fn default_policy_has_no_composition_rules(password in "\\PC{12,128}") {
        let found = problems(&password);
        prop_assert!(found.iter().all(|p| *p == PasswordProblem::ContainsEmail), "{:?}", found);
    }

    /// The email's local part is found in any case, anywhere in the password.
    #[test]
    fn the_local_part_is_found_in_any_case(
        local in "[a-z]{4,12}",
        before in "[0-9 ]{0,8}",
        after in "[0-9 ]{0,8}",
    ) {
        let password = format!("{before}{}{after}xxxxxxxxxxxx", local.to_uppercase());
        let email = format!("{local}@example.com");
        let found = check_password(&PasswordPolicy::default(), &password, &email);
        prop_assert!(found.contains(&PasswordProblem::ContainsEmail));
    }
}

#[test]
fn combining_marks_rtl_and_emoji_count_as_characters() {
    // Six decomposed "é" (e + U+0301) are twelve characters.
    assert!(problems(&"e\u{301}".repeat(6)).is_empty());
    assert_eq!(problems(&"e\u{301}".repeat(5)), vec![PasswordProblem::TooShort { min: 12 }]);
    // Hebrew, right to left: twelve letters.
    assert!(problems("שלוםשלוםשלום").is_empty());
    // A family emoji is several scalar values joined: 3 × 👨‍👩‍👧 (5 scalars each) = 15.
    assert!(problems(&"👨‍👩‍👧".repeat(3)).is_empty());
}
