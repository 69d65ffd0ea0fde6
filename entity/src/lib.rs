//! One module per table. Times are Unix seconds (`i64`) so that comparisons behave the same on
//! SQLite and PostgreSQL.

pub mod account;
pub mod mail_outbox;
pub mod reset_token;
pub mod session;
