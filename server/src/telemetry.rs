use latchkey_domain::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// Logs go to stderr, filtered by `LATCHKEY_LOG`, as text or JSON lines (`LATCHKEY_LOG_FORMAT`).
/// The migrator's per-start chatter is kept out unless the filter asks for it by name.
pub fn init(config: &Config) {
    let directives = if config.log.contains("sea_orm") {
        config.log.clone()
    } else {
        format!("{},sea_orm_migration=warn", config.log)
    };
    let filter = EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
