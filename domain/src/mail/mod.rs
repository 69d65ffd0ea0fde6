//! Email: a durable outbox in the database, the messages, and the worker that delivers them.
//!
//! Mail is queued in the same transaction as the event that causes it and sent later by
//! [`worker::deliver_due`], so an SMTP outage delays mail but never loses it, and a slow mail
//! server never slows a request down.

pub mod messages;
pub mod outbox;
pub mod seal;
pub mod transport;
pub mod worker;

pub use outbox::MailKind;
pub use seal::SealKey;
pub use transport::Transport;
