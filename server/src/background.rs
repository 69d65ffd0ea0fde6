//! Work that runs beside the web server: mail delivery, webhook delivery and housekeeping. Each
//! stops when the shutdown signal comes, after finishing what it is doing.

use std::time::Duration;

use latchkey_domain::{
    Latchkey,
    mail::{Transport, outbox},
    unix_now,
    webhooks::{self, delivery},
};
use tokio::{sync::watch, task::JoinHandle};

/// Other servers' mail is found by polling; this process's own is signalled at once.
const MAIL_POLL: Duration = Duration::from_secs(1);
/// Events are found by polling, this process's own too: a second is soon enough for a receiver.
const WEBHOOK_POLL: Duration = Duration::from_secs(1);
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(10 * 60);

pub fn spawn_mail_worker(k: Latchkey, transport: Transport, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match k.deliver_due_mail(&transport, unix_now).await {
                // A full batch: more may be waiting.
                Ok(sent) if sent as u64 == outbox::MESSAGE_BATCH => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "mail worker: database unavailable; retrying"),
            }
            tokio::select! {
                () = k.mail_queued() => {},
                () = tokio::time::sleep(MAIL_POLL) => {},
                _ = stop.changed() => break,
            }
        }
    })
}

pub fn spawn_webhook_worker(
    k: Latchkey,
    transport: webhooks::Transport,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match k.deliver_due_webhooks(&transport, unix_now).await {
                // A full batch: more may be waiting.
                Ok(delivered) if delivered == delivery::BATCH => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "webhook worker: database unavailable; retrying"),
            }
            tokio::select! {
                () = tokio::time::sleep(WEBHOOK_POLL) => {},
                _ = stop.changed() => break,
            }
        }
    })
}

pub fn spawn_housekeeping(k: Latchkey, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(err) = k.purge_expired(unix_now()).await {
                tracing::warn!(error = %err, "housekeeping failed; will try again");
            }
            tokio::select! {
                () = tokio::time::sleep(HOUSEKEEPING_EVERY) => {},
                _ = stop.changed() => break,
            }
        }
    })
}
