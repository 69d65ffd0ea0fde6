use latchkey_domain::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// Logs go to stderr, filtered by `LATCHKEY_LOG`, as text or JSON lines (`LATCHKEY_LOG_FORMAT`).
/// The migrator's per-start chatter is kept out unless the filter asks for it by name.
pub fn init(config: &Config) {
    let log = &config.log;
    let directives = if log.filter.contains("sea_orm") {
        log.filter.clone()
    } else {
        format!("{},sea_orm_migration=warn", log.filter)
    };
    let filter = EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
