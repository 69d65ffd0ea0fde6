//! The rules for what a person may type: email addresses and passwords.
//!
//! This crate depends only on serde (and, for NFC, unicode-normalization on the server and the
//! browser's own normaliser in wasm) so it compiles into the wasm bundle, where it
//! gives instant feedback, and into the server, where it is the truth. One function per rule
//! set, the same code on both sides.

mod email;
mod password;

pub use email::{EMAIL_MAX_CHARS, EmailProblem, check_email, normalise_email};
pub use password::{
    PASSWORD_MAX_CHARS, PasswordPolicy, PasswordProblem, check_password, normalise_password, strength_hint,
};
