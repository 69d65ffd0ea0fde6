use sea_orm::DbErr;

/// Failures that are nobody's fault but the system's: the database or the hashing pool.
/// They are logged in full and shown to people only as "temporarily unavailable".
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("password hashing: {0}")]
    Hash(String),
}
