use sea_orm::DbErr;

/// Failures that are nobody's fault but the system's. They are logged in full and shown to
/// people only as "temporarily unavailable".
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// The OS random source, password hashing, encryption or the key file.
    #[error("{0}")]
    System(String),
    /// The password-hashing queue is full: the request should be retried shortly.
    #[error("the password-hashing queue is full")]
    Busy,
}
