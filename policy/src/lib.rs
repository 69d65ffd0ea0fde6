//! The rules for what a person may type: email addresses, passwords and display names.
//!
//! This crate depends only on serde (and, for NFC, unicode-normalization on the server and the
//! browser's own normaliser in wasm) so it compiles into the wasm bundle, where it
//! gives instant feedback, and into the server, where it is the truth. One function per rule
//! set, the same code on both sides.

mod email;
mod name;
mod password;

pub use email::{EMAIL_MAX_CHARS, EmailProblem, check_email, normalise_email};
pub use name::{NAME_MAX_CHARS, NameProblem, PASSKEY_NAME_MAX_CHARS, check_name};
pub use password::{
    PASSWORD_MAX_CHARS, PasswordPolicy, PasswordProblem, Strength, check_password, normalise_password,
    possible_problems, strength,
};
