//! Queuing mail in the database, in the caller's transaction.

use entity::mail_outbox;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

use super::SealKey;
use crate::{Error, secret::Secret};

/// Which message a queued row is; the text is rendered when it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// "Reset your … password", with the link (sealed in the row).
    ResetLink,
    /// "Your … password was changed".
    PasswordChanged,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::ResetLink => "reset_link",
            MailKind::PasswordChanged => "password_changed",
        }
    }

    pub fn parse(kind: &str) -> Option<MailKind> {
        match kind {
            "reset_link" => Some(MailKind::ResetLink),
            "password_changed" => Some(MailKind::PasswordChanged),
            _ => None,
        }
    }
}

/// Queues a message to `recipient`. `secret` (a reset link) is stored only encrypted.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    key: &SealKey,
    kind: MailKind,
    recipient: &str,
    secret: Option<&Secret<String>>,
    now: i64,
) -> Result<(), Error> {
    let sealed_payload = secret.map(|s| key.seal(s.expose(), recipient)).transpose()?;
    mail_outbox::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        recipient: Set(recipient.to_owned()),
        sealed_payload: Set(sealed_payload),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
