//! Configuration: defaults, then an optional TOML file, then `LATCHKEY_*` environment variables
//! (the environment wins). Invalid values stop start-up with one line naming the variable.
//!
//! Each setting is declared once, as a field of [`Settings`] with its default beside it; the
//! names that variables and TOML keys may use are read off that struct, never kept by hand.
//! The validated [`Config`] is grouped by concern, each group built by its own short function.

mod brand;
mod groups;
mod keys;
mod names;
mod parse;
mod webhook;

use std::path::PathBuf;

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use latchkey_policy::PasswordPolicy;
use serde::{Deserialize, Serialize};

pub use brand::{Brand, Rgb};
pub use groups::{
    Database, Http, Limits, Log, LogFormat, Mail, RequireSecondFactor, Sessions, Signup, SignupMode, TrustProxy,
};
pub use keys::SecretKey;
pub use webhook::Webhook;

/// The settings as written by people, before validation. TOML keys are the variable names
/// without `LATCHKEY_`, in lower case. Grouped here as in [`Config`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Settings {
    // http
    addr: String,
    base_url: Option<String>,
    trust_proxy: groups::RawTrustProxy,
    portal_name: String,
    return_origins: String,
    cors_origins: String,
    logo_url: Option<String>,
    accent_color: Option<String>,
    cookie_domain: Option<String>,
    site_root: Option<PathBuf>,
    metrics_addr: Option<String>,
    // database
    database_url: String,
    database_max_connections: Option<u32>,
    database_timeout: u64,
    // mail
    smtp_url: Option<String>,
    mail_dir: PathBuf,
    mail_from: String,
    secret_key: Option<String>,
    template_dir: Option<PathBuf>,
    new_device_email: bool,
    // sessions
    session_idle_timeout: i64,
    session_absolute_timeout: i64,
    require_second_factor: String,
    // password
    password_min_length: usize,
    password_max_length: usize,
    password_multi_case: bool,
    password_min_numeric: usize,
    password_min_special: usize,
    password_disable_sequential: bool,
    // limits
    reset_ttl: i64,
    rate_limit_ip_per_min: u32,
    audit_retention_days: u32,
    invite_ttl: i64,
    // signup
    signup: String,
    signup_domains: String,
    confirm_ttl: i64,
    // webhook
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    // log
    log: String,
    log_format: String,
}

impl Default for Settings {
    fn default() -> Self {
        let policy = PasswordPolicy::default();
        Settings {
            addr: "127.0.0.1:3000".into(),
            base_url: None,
            trust_proxy: groups::RawTrustProxy::Flag(false),
            portal_name: "Developer Portal".into(),
            return_origins: String::new(),
            cors_origins: String::new(),
            logo_url: None,
            accent_color: None,
            cookie_domain: None,
            site_root: None,
            metrics_addr: None,
            database_url: "sqlite://latchkey.db?mode=rwc".into(),
            database_max_connections: None,
            database_timeout: 5,
            smtp_url: None,
            mail_dir: "./mail".into(),
            mail_from: "Developer Portal <no-reply@localhost>".into(),
            secret_key: None,
            template_dir: None,
            new_device_email: true,
            session_idle_timeout: 60 * 60,
            session_absolute_timeout: 12 * 60 * 60,
            require_second_factor: "none".into(),
            password_min_length: policy.min_length,
            password_max_length: policy.max_length,
            password_multi_case: policy.multi_case,
            password_min_numeric: policy.min_numeric,
            password_min_special: policy.min_special,
            password_disable_sequential: policy.disable_sequential,
            reset_ttl: 3600,
            rate_limit_ip_per_min: 30,
            audit_retention_days: 365,
            invite_ttl: 7 * 86_400,
            signup: "off".into(),
            signup_domains: String::new(),
            confirm_ttl: 86_400,
            webhook_url: None,
            webhook_secret: None,
            log: "info".into(),
            log_format: "text".into(),
        }
    }
}

/// `LATCHKEY_CONFIG` names the file rather than a setting in it.
const CONFIG_VARIABLE: &str = "config";

/// Validated configuration. `Debug` never shows credentials.
#[derive(Clone, Debug)]
pub struct Config {
    pub http: Http,
    pub database: Database,
    pub mail: Mail,
    pub sessions: Sessions,
    pub password: PasswordPolicy,
    pub limits: Limits,
    pub signup: Signup,
    /// Where events are posted (`LATCHKEY_WEBHOOK_URL`); `None`: no webhooks.
    pub webhook: Option<Webhook>,
    pub log: Log,
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

/// An error about the setting `key` (a `Settings` field name).
fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { variable: format!("LATCHKEY_{}", key.to_uppercase()), message: message.into() }
}

impl Config {
    /// Reads the TOML file given (or named by `LATCHKEY_CONFIG`), then the environment.
    pub fn load(file: Option<PathBuf>) -> Result<Config, ConfigError> {
        let names = names::setting_names(&Settings::default());
        let unknown_variables = std::env::vars()
            .filter_map(|(name, _)| {
                let key = name.strip_prefix("LATCHKEY_")?.to_lowercase();
                let known = key == CONFIG_VARIABLE || names.contains(&key);
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
        figment = figment.merge(Env::prefixed("LATCHKEY_").only(&names.iter().map(String::as_str).collect::<Vec<_>>()));
        let settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.first().cloned().unwrap_or_else(|| CONFIG_VARIABLE.into());
            invalid(&key, e.kind.to_string())
        })?;
        let mut config = Self::validate(settings)?;
        config.unknown_variables = unknown_variables;
        Ok(config)
    }

    /// The built-in defaults, reading neither the environment nor a file: for tests, which
    /// must not change behaviour because of a `LATCHKEY_*` variable in somebody's shell.
    pub fn defaults() -> Config {
        #[allow(clippy::expect_used)] // the defaults are valid: `defaults_are_valid` tests it
        Self::validate(Settings::default()).expect("the default settings are valid")
    }

    fn validate(s: Settings) -> Result<Config, ConfigError> {
        let database = groups::database(&s)?;
        let http = groups::http(&s)?;
        let mail = groups::mail(&s, &http, &database)?;
        Ok(Config {
            sessions: groups::sessions(&s)?,
            password: groups::password(&s)?,
            limits: groups::limits(&s)?,
            signup: groups::signup(&s)?,
            webhook: webhook::webhook(&s)?,
            log: groups::log(&s)?,
            http,
            database,
            mail,
            unknown_variables: Vec::new(),
        })
    }

    /// Every setting's variable name (`LATCHKEY_ADDR`, …), `LATCHKEY_CONFIG` aside.
    pub fn variable_names() -> Vec<String> {
        names::setting_names(&Settings::default()).iter().map(|n| format!("LATCHKEY_{}", n.to_uppercase())).collect()
    }

    /// Whether cookies must carry `Secure`: the public URL is https.
    pub fn is_https(&self) -> bool {
        self.http.base_url.scheme() == "https"
    }
}
