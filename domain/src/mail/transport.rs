//! Where mail goes: an SMTP server, or (without `LATCHKEY_SMTP_URL`) `.eml` files for development.

use std::{path::PathBuf, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};

use super::messages::Rendered;
use crate::{config::Config, secret::Secret};

/// The longest one message may take to send; the outbox lease is sized from it.
pub const SEND_TIMEOUT_SECONDS: u64 = 15;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Development mail: one `.eml` file per message, and the link in the log.
    Files(PathBuf),
}

impl Transport {
    /// `smtp://host:port` (plain), `smtp://…?tls=required` (STARTTLS), `smtps://…` (TLS), with
    /// optional `user:pass@`, as lettre reads them; without an SMTP URL, files under
    /// `LATCHKEY_MAIL_DIR`. The configuration has already refused credentials without TLS.
    pub fn from_config(config: &Config) -> Result<Transport, String> {
        let Some(url) = &config.mail.smtp_url else {
            return Ok(Transport::Files(config.mail.dir.clone()));
        };
        // lettre's errors may quote the URL, which may hold a password: say only what it is.
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|_| "LATCHKEY_SMTP_URL: not a usable smtp:// or smtps:// URL".to_owned())?;
        Ok(Transport::Smtp(builder.timeout(Some(Duration::from_secs(SEND_TIMEOUT_SECONDS))).build()))
    }

    /// Sends one message. `name` names the development file; `link` is logged in development
    /// mode only, so a newcomer can click through the flow without a mail server.
    pub async fn send(
        &self,
        from: &str,
        to: &str,
        message: Rendered,
        name: &str,
        link: Option<&Secret<String>>,
    ) -> Result<(), String> {
        let from: Mailbox = from.parse().map_err(|e| format!("LATCHKEY_MAIL_FROM: {e}"))?;
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let email = Message::builder()
            .from(from)
            .to(to.clone())
            .subject(message.subject)
            .multipart(MultiPart::alternative_plain_html(message.text, message.html))
            .map_err(|e| format!("building the message: {e}"))?;
        match self {
            Transport::Smtp(mailer) => mailer.send(email).await.map(drop).map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| format!("{}: {e}", dir.display()))?;
                let path = dir.join(format!("{name}.eml"));
                tokio::fs::write(&path, email.formatted()).await.map_err(|e| format!("{}: {e}", path.display()))?;
                match link {
                    Some(link) => tracing::info!(
                        to = %to, file = %path.display(), link = %link.expose(),
                        "development mail written (set LATCHKEY_SMTP_URL to send real mail)"
                    ),
                    None => {
                        tracing::info!(to = %to, file = %path.display(), "development mail written")
                    }
                }
                Ok(())
            }
        }
    }
}
