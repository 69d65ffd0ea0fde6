//! Configuration: defaults, then an optional TOML file, then `LATCHKEY_*` environment variables
//! (the environment wins). Invalid values stop start-up with one line naming the variable.

use std::{net::SocketAddr, path::PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use latchkey_policy::{PASSWORD_MAX_CHARS, PasswordPolicy};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::secret::Secret;

/// The settings as written by people, before validation. TOML keys are the variable names
/// without `LATCHKEY_`, in lower case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Settings {
    addr: String,
    database_url: String,
    database_max_connections: Option<u32>,
    database_timeout: u64,
    base_url: Option<String>,
    smtp_url: Option<String>,
    mail_dir: PathBuf,
    mail_from: String,
    portal_name: String,
    secret_key: Option<String>,
    reset_ttl: i64,
    rate_limit_ip_per_min: u32,
    trust_proxy: bool,
    session_idle_timeout: i64,
    session_absolute_timeout: i64,
    log: String,
    log_format: String,
    password_min_length: usize,
    password_max_length: usize,
    password_multi_case: bool,
    password_min_numeric: usize,
    password_min_special: usize,
    password_disable_sequential: bool,
}

impl Default for Settings {
    fn default() -> Self {
        let policy = PasswordPolicy::default();
        Settings {
            addr: "127.0.0.1:3000".into(),
            database_url: "sqlite://latchkey.db?mode=rwc".into(),
            database_max_connections: None,
            database_timeout: 5,
            base_url: None,
            smtp_url: None,
            mail_dir: "./mail".into(),
            mail_from: "Developer Portal <no-reply@localhost>".into(),
            portal_name: "Developer Portal".into(),
            secret_key: None,
            reset_ttl: 3600,
            rate_limit_ip_per_min: 30,
            trust_proxy: false,
            session_idle_timeout: 60 * 60,
            session_absolute_timeout: 12 * 60 * 60,
            log: "info".into(),
            log_format: "text".into(),
            password_min_length: policy.min_length,
            password_max_length: policy.max_length,
            password_multi_case: policy.multi_case,
            password_min_numeric: policy.min_numeric,
            password_min_special: policy.min_special,
            password_disable_sequential: policy.disable_sequential,
        }
    }
}

/// Variables that are read elsewhere, so they are not reported as unknown.
const OTHER_KNOWN: [&str; 2] = ["config", "test_pg_url"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Validated configuration. `Debug` never shows credentials.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: Secret<String>,
    /// Pool size: by default 4 for SQLite (one writer at a time anyway), 16 for PostgreSQL.
    pub database_max_connections: u32,
    /// Seconds to wait for a connection (and to connect) before answering "unavailable".
    pub database_timeout: u64,
    /// The public URL: the only source of scheme and host in emailed links.
    pub base_url: Url,
    pub smtp_url: Option<Secret<Url>>,
    pub mail_dir: PathBuf,
    pub mail_from: String,
    pub portal_name: String,
    pub secret_key: Option<Secret<String>>,
    /// Seconds a reset link stays valid.
    pub reset_ttl: i64,
    pub rate_limit_ip_per_min: u32,
    pub trust_proxy: bool,
    pub session_idle_timeout: i64,
    pub session_absolute_timeout: i64,
    pub log: String,
    pub log_format: LogFormat,
    pub password_policy: PasswordPolicy,
    /// `LATCHKEY_*` variables that mean nothing to Latchkey (probably typos).
    pub unknown_variables: Vec<String>,
}

/// A configuration problem, phrased as the one line printed before exiting.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: String,
    pub message: String,
}

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { variable: format!("LATCHKEY_{}", key.to_uppercase()), message: message.into() }
}

impl Config {
    /// Reads the TOML file given (or named by `LATCHKEY_CONFIG`), then the environment.
    pub fn load(file: Option<PathBuf>) -> Result<Config, ConfigError> {
        let names = setting_names();
        let unknown_variables = std::env::vars()
            .filter_map(|(name, _)| {
                let key = name.strip_prefix("LATCHKEY_")?.to_lowercase();
                let known = names.contains(&key.as_str()) || OTHER_KNOWN.contains(&key.as_str());
                (!known).then_some(name)
            })
            .collect();
        let file = file.or_else(|| std::env::var_os("LATCHKEY_CONFIG").map(PathBuf::from));

        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = &file {
            if !path.is_file() {
                return Err(ConfigError {
                    variable: "LATCHKEY_CONFIG".into(),
                    message: format!("no such file: {}", path.display()),
                });
            }
            figment = figment.merge(Toml::file(path));
        }
        figment = figment.merge(Env::prefixed("LATCHKEY_").only(&names));
        let settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.first().cloned().unwrap_or_else(|| "config".into());
            invalid(&key, e.kind.to_string())
        })?;
        Self::validate(settings, unknown_variables)
    }

    fn validate(s: Settings, unknown_variables: Vec<String>) -> Result<Config, ConfigError> {
        let addr: SocketAddr = s
            .addr
            .parse()
            .map_err(|_| invalid("addr", format!("'{}' is not an address like 127.0.0.1:3000", s.addr)))?;
        if !(s.database_url.starts_with("sqlite:") || s.database_url.starts_with("postgres")) {
            return Err(invalid("database_url", "must start with sqlite:// or postgres://"));
        }
        let database_max_connections =
            s.database_max_connections.unwrap_or(if s.database_url.starts_with("sqlite:") { 4 } else { 16 });
        if database_max_connections == 0 {
            return Err(invalid("database_max_connections", "must be at least 1"));
        }
        if !(1..=300).contains(&s.database_timeout) {
            return Err(invalid("database_timeout", "must be between 1 and 300 seconds"));
        }
        let base_url = match &s.base_url {
            Some(raw) => parse_http_url(raw).map_err(|m| invalid("base_url", m))?,
            None => parse_http_url(&format!("http://{addr}")).map_err(|m| invalid("addr", m))?,
        };
        let smtp_url = match &s.smtp_url {
            None => None,
            Some(raw) if raw.trim().is_empty() => None,
            Some(raw) => {
                let url = Url::parse(raw).map_err(|_| invalid("smtp_url", "is not a URL like smtp://host:25"))?;
                if !matches!(url.scheme(), "smtp" | "smtps") || url.host_str().is_none() {
                    return Err(invalid("smtp_url", "must be smtp://host:port or smtps://host:port"));
                }
                Some(Secret::new(url))
            }
        };
        if !(1..=86_400).contains(&s.reset_ttl) {
            return Err(invalid("reset_ttl", format!("must be between 1 and 86400 seconds (got {})", s.reset_ttl)));
        }
        if s.rate_limit_ip_per_min == 0 {
            return Err(invalid("rate_limit_ip_per_min", "must be at least 1"));
        }
        if s.session_idle_timeout < 60 {
            return Err(invalid("session_idle_timeout", "must be at least 60 seconds"));
        }
        if s.session_absolute_timeout < s.session_idle_timeout {
            return Err(invalid("session_absolute_timeout", "must not be shorter than the idle timeout"));
        }
        let log_format = match s.log_format.as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(invalid("log_format", format!("must be text or json (got '{other}')")));
            }
        };
        let password_policy = PasswordPolicy {
            min_length: s.password_min_length,
            max_length: s.password_max_length,
            multi_case: s.password_multi_case,
            min_numeric: s.password_min_numeric,
            min_special: s.password_min_special,
            disable_sequential: s.password_disable_sequential,
        };
        if password_policy.min_length < 8 || password_policy.min_length > password_policy.max_length {
            return Err(invalid("password_min_length", "must be at least 8 and at most the maximum length"));
        }
        if password_policy.max_length > PASSWORD_MAX_CHARS {
            return Err(invalid("password_max_length", format!("must be at most {PASSWORD_MAX_CHARS}")));
        }
        Ok(Config {
            addr,
            database_url: Secret::new(s.database_url),
            database_max_connections,
            database_timeout: s.database_timeout,
            base_url,
            smtp_url,
            mail_dir: s.mail_dir,
            mail_from: s.mail_from,
            portal_name: s.portal_name,
            secret_key: s.secret_key.map(Secret::new),
            reset_ttl: s.reset_ttl,
            rate_limit_ip_per_min: s.rate_limit_ip_per_min,
            trust_proxy: s.trust_proxy,
            session_idle_timeout: s.session_idle_timeout,
            session_absolute_timeout: s.session_absolute_timeout,
            log: s.log,
            log_format,
            password_policy,
            unknown_variables,
        })
    }

    /// Whether cookies must carry `Secure`: the public URL is https.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}

fn parse_http_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|_| format!("'{raw}' is not a URL like https://portal.example.com"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("'{raw}' must be an http:// or https:// URL with a host"));
    }
    Ok(url)
}

/// Every field of `Settings`: the names `LATCHKEY_*` variables and TOML keys may use.
fn setting_names() -> Vec<&'static str> {
    vec![
        "addr",
        "database_url",
        "database_max_connections",
        "database_timeout",
        "base_url",
        "smtp_url",
        "mail_dir",
        "mail_from",
        "portal_name",
        "secret_key",
        "reset_ttl",
        "rate_limit_ip_per_min",
        "trust_proxy",
        "session_idle_timeout",
        "session_absolute_timeout",
        "log",
        "log_format",
        "password_min_length",
        "password_max_length",
        "password_multi_case",
        "password_min_numeric",
        "password_min_special",
        "password_disable_sequential",
    ]
}

#[cfg(test)]
// figment's `Jail` returns its own (large) error type; that is its API, not ours.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    fn load_err() -> String {
        Config::load(None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_match_the_contract() {
        Jail::expect_with(|_| {
            let config = Config::load(None).unwrap();
            assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
            assert_eq!(config.database_url.expose(), "sqlite://latchkey.db?mode=rwc");
            assert_eq!((config.database_max_connections, config.database_timeout), (4, 5));
            assert_eq!(config.base_url.as_str(), "http://127.0.0.1:3000/");
            assert!(config.smtp_url.is_none());
            assert_eq!(config.reset_ttl, 3600);
            assert_eq!(config.rate_limit_ip_per_min, 30);
            assert_eq!(config.portal_name, "Developer Portal");
            assert_eq!(config.password_policy, PasswordPolicy::default());
            assert!(!config.is_https());
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        Jail::expect_with(|jail| {
            jail.create_file("latchkey.toml", "portal_name = \"From File\"\nreset_ttl = 600\n")?;
            jail.set_env("LATCHKEY_RESET_TTL", "900");
            jail.set_env("LATCHKEY_BASE_URL", "https://portal.example.com");
            jail.set_env("LATCHKEY_PASSWORD_MULTI_CASE", "true");
            let config = Config::load(Some("latchkey.toml".into())).unwrap();
            assert_eq!(config.portal_name, "From File");
            assert_eq!(config.reset_ttl, 900);
            assert!(config.is_https());
            assert!(config.password_policy.multi_case);
            Ok(())
        });
    }

    #[test]
    fn config_file_can_be_named_by_the_environment() {
        Jail::expect_with(|jail| {
            jail.create_file("other.toml", "addr = \"0.0.0.0:8080\"\n")?;
            jail.set_env("LATCHKEY_CONFIG", "other.toml");
            let config = Config::load(None).unwrap();
            assert_eq!(config.addr.to_string(), "0.0.0.0:8080");
            assert_eq!(config.base_url.as_str(), "http://0.0.0.0:8080/");
            Ok(())
        });
    }

    #[test]
    fn invalid_values_name_their_variable() {
        Jail::expect_with(|jail| {
            jail.set_env("LATCHKEY_RESET_TTL", "0");
            assert!(load_err().starts_with("LATCHKEY_RESET_TTL: must be between 1 and 86400"), "{}", load_err());
            jail.set_env("LATCHKEY_RESET_TTL", "86401");
            assert!(load_err().starts_with("LATCHKEY_RESET_TTL:"));
            jail.set_env("LATCHKEY_RESET_TTL", "soon");
            assert!(load_err().starts_with("LATCHKEY_RESET_TTL:"), "{}", load_err());
            jail.set_env("LATCHKEY_RESET_TTL", "60");
            jail.set_env("LATCHKEY_ADDR", "localhost");
            assert!(load_err().starts_with("LATCHKEY_ADDR:"));
            jail.set_env("LATCHKEY_ADDR", "127.0.0.1:3000");
            jail.set_env("LATCHKEY_BASE_URL", "portal.example.com");
            assert!(load_err().starts_with("LATCHKEY_BASE_URL:"));
            jail.set_env("LATCHKEY_BASE_URL", "ftp://portal.example.com");
            assert!(load_err().starts_with("LATCHKEY_BASE_URL:"));
            jail.set_env("LATCHKEY_BASE_URL", "https://portal.example.com");
            jail.set_env("LATCHKEY_SMTP_URL", "http://mail.example.com");
            assert!(load_err().starts_with("LATCHKEY_SMTP_URL:"));
            jail.set_env("LATCHKEY_SMTP_URL", "smtp://127.0.0.1:1025");
            jail.set_env("LATCHKEY_DATABASE_URL", "mysql://x");
            assert!(load_err().starts_with("LATCHKEY_DATABASE_URL:"));
            Ok(())
        });
    }

    #[test]
    fn unknown_variables_are_reported_and_unknown_file_keys_refused() {
        Jail::expect_with(|jail| {
            jail.set_env("LATCHKEY_RESET_TTLL", "10");
            let config = Config::load(None).unwrap();
            assert_eq!(config.unknown_variables, vec!["LATCHKEY_RESET_TTLL".to_owned()]);
            jail.create_file("bad.toml", "colour = \"blue\"\n")?;
            let err = Config::load(Some("bad.toml".into())).unwrap_err();
            assert!(err.to_string().contains("colour"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn debug_output_hides_credentials() {
        Jail::expect_with(|jail| {
            jail.set_env("LATCHKEY_SMTP_URL", "smtp://user:s3cretpass@mail.example.com:587");
            jail.set_env("LATCHKEY_DATABASE_URL", "postgres://app:dbpass@db/latchkey");
            let shown = format!("{:?}", Config::load(None).unwrap());
            assert!(!shown.contains("s3cretpass") && !shown.contains("dbpass"), "{shown}");
            Ok(())
        });
    }
}
