//! Delivering queued mail: claim a message, send it, mark it sent; on failure retry later with
//! exponential backoff and jitter, and give up (keeping the row, erasing its secret) after
//! `MAX_ATTEMPTS`. Each message is claimed on its own, just before it is sent, with a lease (see
//! `outbox`) that outlasts one send: a worker that dies mid-send delays that one message by
//! under a minute, never loses it, and two workers never hold the same message at once.

use entity::mail_outbox;
use latchkey_i18n::Lang;
use sea_orm::{ActiveEnum, ActiveModelTrait, ActiveValue::Set, DbErr, Iterable};

use super::{
    MailKind, Transport,
    messages::{Notice, Rendered, SecurityLinks, SignupNotice},
    outbox,
};
use crate::{Error, Latchkey, client_info, links::page_url, secret::Secret};

pub const MAX_ATTEMPTS: i32 = 10;

impl Latchkey {
    /// Handles queued reset requests, then sends up to `MESSAGE_BATCH` messages that are due;
    /// returns how many were sent. `clock` tells the time (Unix seconds) as each message is
    /// claimed and done: a slow mail server makes a batch take minutes.
    pub async fn deliver_due_mail(&self, transport: &Transport, clock: impl Fn() -> i64) -> Result<usize, Error> {
        self.fulfil_reset_requests(clock()).await?;
        let mut sent = 0;
        let kinds: Vec<MailKind> = MailKind::iter().filter(|kind| kind.is_message()).collect();
        for _ in 0..outbox::MESSAGE_BATCH {
            // Every write here takes its turn with the requests' batched writes (see
            // `GroupCommit::exclusive`); even a claim that finds nothing takes SQLite's write
            // lock, and a batch that found it taken would sleep in SQLite's busy handler.
            let claimed = {
                let _turn = self.writes.exclusive().await;
                outbox::claim_due(&self.db, &kinds, 1, clock()).await?
            };
            let Some(message) = claimed.into_iter().next() else {
                break;
            };
            match deliver(self, transport, &message).await {
                Ok(()) => {
                    let _turn = self.writes.exclusive().await;
                    outbox::mark_done(&self.db, message, clock()).await?;
                    metrics::counter!("latchkey_mail_sent_total").increment(1);
                    sent += 1;
                }
                Err(err) => {
                    metrics::counter!("latchkey_mail_failed_total").increment(1);
                    record_failure(self, message, clock(), err).await?;
                }
            }
        }
        Ok(sent)
    }
}

async fn deliver(k: &Latchkey, transport: &Transport, message: &mail_outbox::Model) -> Result<(), String> {
    let config = &k.config;
    let lang = message.language.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let (rendered, link): (_, Option<Secret<String>>) = match message.kind {
        MailKind::ResetLink => {
            let link = sealed_link(k, message)?;
            (
                k.templates.reset_link(lang, &config.http.portal_name, link.expose(), config.limits.reset_ttl)?,
                Some(link),
            )
        }
        MailKind::Invitation => {
            let link = sealed_link(k, message)?;
            (
                k.templates.invitation(lang, &config.http.portal_name, link.expose(), config.limits.invite_ttl)?,
                Some(link),
            )
        }
        MailKind::FulfilResetRequest => return Err("a reset request is not a message".into()),
        MailKind::PasswordChanged => {
            let login = page_url(&config.http.base_url, &["auth", "login"]);
            let forgot = page_url(&config.http.base_url, &["auth", "forgot"]);
            (k.templates.password_changed(lang, &config.http.portal_name, login.as_str(), forgot.as_str())?, None)
        }
        MailKind::SecondFactorOn => security_notice(k, lang, Notice::SecondFactorOn)?,
        MailKind::SecondFactorOff => security_notice(k, lang, Notice::SecondFactorOff)?,
        MailKind::RecoveryCodesCreated => security_notice(k, lang, Notice::RecoveryCodesCreated)?,
        MailKind::PasskeyAdded => security_notice(k, lang, Notice::PasskeyAdded)?,
        MailKind::PasskeyRemoved => security_notice(k, lang, Notice::PasskeyRemoved)?,
        MailKind::RecoveryCodeUsed => {
            let left = sealed_link(k, message)?.expose().parse().unwrap_or(0);
            security_notice(k, lang, Notice::RecoveryCodeUsed { left })?
        }
        MailKind::NewSignIn => {
            // Erased when it failed for good: retried, it still tells when.
            let detail = match message.sealed_payload {
                Some(_) => sealed_link(k, message)?,
                None => Secret::new(String::new()),
            };
            let sign_in = client_info::open_sign_in(message.created_at, detail.expose());
            let links = SecurityLinks {
                security: page_url(&config.http.base_url, &["account", "security"]).to_string(),
                forgot: page_url(&config.http.base_url, &["auth", "forgot"]).to_string(),
            };
            (k.templates.new_sign_in(lang, &config.http.portal_name, &sign_in, &links)?, None)
        }
        MailKind::SignupConfirm => {
            let link = sealed_link(k, message)?;
            let valid_for = config.signup.confirm_ttl;
            (k.templates.signup_confirm(lang, &config.http.portal_name, link.expose(), valid_for)?, Some(link))
        }
        MailKind::SignupExisting => {
            let login = page_url(&config.http.base_url, &["auth", "login"]).to_string();
            let forgot = page_url(&config.http.base_url, &["auth", "forgot"]).to_string();
            signup_notice(k, lang, &SignupNotice::Existing { login, forgot })?
        }
        MailKind::SignupWaiting => {
            // Erased when it failed for good: retried, it still says a sign-up waits.
            let who = sealed_link(k, message).map(|who| who.expose().clone()).unwrap_or_default();
            let review = page_url(&config.http.base_url, &["admin", "users"]).to_string();
            signup_notice(k, lang, &SignupNotice::Waiting { who, review })?
        }
        MailKind::SignupApproved => {
            let login = page_url(&config.http.base_url, &["auth", "login"]).to_string();
            signup_notice(k, lang, &SignupNotice::Approved { login })?
        }
        MailKind::SignupDeclined => signup_notice(k, lang, &SignupNotice::Declined)?,
    };
    let name = format!("{}-{}-{}", message.created_at, message.id, message.kind.to_value());
    transport.send(&config.mail.from, &message.recipient, rendered, &name, link.as_ref()).await
}

/// A sign-up's email other than its confirmation; it carries no secret.
fn signup_notice(
    k: &Latchkey,
    lang: Lang,
    notice: &SignupNotice,
) -> Result<(Rendered, Option<Secret<String>>), String> {
    Ok((k.templates.signup_notice(lang, notice, &k.config.http.portal_name)?, None))
}

/// A security email, linking to the security page; it carries no secret.
fn security_notice(k: &Latchkey, lang: Lang, notice: Notice) -> Result<(Rendered, Option<Secret<String>>), String> {
    let page = page_url(&k.config.http.base_url, &["account", "security"]);
    Ok((k.templates.security_notice(lang, notice, &k.config.http.portal_name, page.as_str())?, None))
}

/// The link (or other detail) sealed in a message's row.
fn sealed_link(k: &Latchkey, message: &mail_outbox::Model) -> Result<Secret<String>, String> {
    let sealed = message.sealed_payload.as_deref().ok_or("the link was erased")?;
    k.seal_key
        .open(sealed, &message.recipient)
        .ok_or_else(|| "cannot decrypt the link: was LATCHKEY_SECRET_KEY or the key file changed?".to_owned())
}

/// Records a failed attempt: retry later with backoff, or give up (erasing the secret).
async fn record_failure(k: &Latchkey, message: mail_outbox::Model, now: i64, error: String) -> Result<(), DbErr> {
    let (id, attempts) = (message.id, message.attempts + 1);
    let mut row: mail_outbox::ActiveModel = message.into();
    row.attempts = Set(attempts);
    row.locked_until = Set(None);
    row.last_error = Set(Some(error.chars().take(500).collect()));
    if attempts >= MAX_ATTEMPTS {
        tracing::error!(id, attempts, %error, "mail delivery failed for good; see latchkey mail list --failed");
        row.failed_at = Set(Some(now));
        // A reset link that could not be delivered must not stay readable in the database.
        row.sealed_payload = Set(None);
    } else {
        let delay = backoff(attempts);
        tracing::warn!(id, attempts, retry_in_seconds = delay, %error, "mail delivery failed; will retry");
        row.next_attempt_at = Set(now + delay);
    }
    let _turn = k.writes.exclusive().await;
    row.update(&k.db).await.map(drop)
}

/// 5 s, 10 s, 20 s … up to an hour, plus up to a quarter more at random so that many messages
/// failing together do not retry in lockstep.
pub(crate) fn backoff(attempts: i32) -> i64 {
    let base = (5_i64 << attempts.clamp(1, 20).saturating_sub(1)).min(3600);
    let mut byte = [0u8; 1];
    let jitter = if getrandom::fill(&mut byte).is_ok() { base * i64::from(byte[0]) / 1024 } else { 0 };
    base + jitter
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!((5..=7).contains(&backoff(1)));
        assert!((10..=13).contains(&backoff(2)));
        assert!((3600..=4500).contains(&backoff(30)));
    }
}
