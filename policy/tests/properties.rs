#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Properties of the password rules over arbitrary Unicode input.

use latchkey_policy::{PasswordPolicy, PasswordProblem, check_password, normalise_password};
use proptest::prelude::*;

fn problems(password: &str) -> Vec<PasswordProblem> {
    check_password(&PasswordPolicy::default(), password, "x@example.com")
}

proptest! {
    /// Length is counted in Unicode scalar values of the NFC form, whatever the script, and
    /// decides exactly the two length rules.
    #[test]
    fn length_rules_follow_the_character_count(password in "\\PC{0,140}") {
        let count = normalise_password(&password).chars().count();
        let found = problems(&password);
        prop_assert_eq!(found.contains(&PasswordProblem::TooShort { min: 12 }), count < 12);
        prop_assert_eq!(found.contains(&PasswordProblem::TooLong { max: 128 }), count > 128);
    }

    /// With the default policy, only length and the email rule can ever apply: no composition
    /// rules sneak in.
    #[test]
    fn default_policy_has_no_composition_rules(password in "\\PC{12,128}") {
        // A few characters decompose under NFC, which can take a long password over the limit.
        prop_assume!((12..=128).contains(&normalise_password(&password).chars().count()));
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
    // A combining mark with no precomposed form stays a character of its own: twelve here.
    assert!(problems(&"q\u{301}".repeat(6)).is_empty());
    assert_eq!(problems(&"q\u{301}".repeat(5)), vec![PasswordProblem::TooShort { min: 12 }]);
    // Where a precomposed form exists, NFC counts it once: six "é", however typed.
    assert_eq!(problems(&"e\u{301}".repeat(6)), problems(&"\u{e9}".repeat(6)));
    // Hebrew, right to left: twelve letters.
    assert!(problems("שלוםשלוםשלום").is_empty());
    // A family emoji is several scalar values joined: 3 × 👨‍👩‍👧 (5 scalars each) = 15.
    assert!(problems(&"👨‍👩‍👧".repeat(3)).is_empty());
}

#[test]
fn composed_and_decomposed_accents_are_one_password() {
    let composed = "caf\u{e9} au lait tous les matins";
    let decomposed = "cafe\u{301} au lait tous les matins";
    assert_ne!(composed, decomposed);
    assert_eq!(normalise_password(decomposed), composed);
    assert_eq!(normalise_password(composed), composed);
    // Eleven characters once composed: too short, though it is twelve scalar values as typed.
    let policy = PasswordPolicy::default();
    assert_eq!(
        check_password(&policy, "cafe\u{301}-crèmes", "x@example.com"),
        vec![PasswordProblem::TooShort { min: 12 }]
    );
}
