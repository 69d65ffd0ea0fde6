//! The validated settings, one struct per concern, each built by its own function.

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

use ipnet::IpNet;
use latchkey_policy::{PASSWORD_MAX_CHARS, PasswordPolicy};
use serde::{Deserialize, Serialize};
use url::{Origin, Url};

use super::{
    Brand, ConfigError, Rgb, SecretKey, Settings, invalid,
    parse::{check_smtp_url, parse_cookie_domain, parse_http_url, parse_origins, parse_trust_proxy},
};
use crate::secret::Secret;

/// Where the server listens and how it is reached.
#[derive(Clone, Debug)]
pub struct Http {
    pub addr: SocketAddr,
    /// The public URL: the only source of scheme and host in emailed links.
    pub base_url: Url,
    /// Which peers may tell us the client's address in `X-Forwarded-For`.
    pub trust_proxy: TrustProxy,
    /// The portal's name, shown in pages and emails.
    pub portal_name: String,
    /// Where a login may send the browser back to, besides the base URL's origin.
    pub return_origins: Vec<Origin>,
    /// Origins of the static single-page app whose browser calls to `/api/*` are allowed, with
    /// credentials (`LATCHKEY_CORS_ORIGINS`).
    pub cors_origins: Vec<Origin>,
    /// The logo and accent colour of the pages and emails.
    pub brand: Brand,
    /// Shares the session cookie with sibling subdomains; `None`: host-only.
    pub cookie_domain: Option<String>,
    /// Where the built site (wasm, JS, CSS) is; `None`: found beside the binary.
    pub site_root: Option<PathBuf>,
    /// The separate listener for Prometheus' `/metrics`; `None`: no metrics.
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Clone, Debug)]
pub struct Database {
    pub url: Secret<String>,
    /// Pool size: by default 4 for SQLite (one writer at a time anyway), 16 for PostgreSQL.
    pub max_connections: u32,
    /// Seconds to wait for a connection (and to connect) before answering "unavailable".
    pub timeout: u64,
}

impl Database {
    pub fn is_postgres(&self) -> bool {
        self.url.expose().starts_with("postgres")
    }
}

#[derive(Clone, Debug)]
pub struct Mail {
    /// `smtp://…` or `smtps://…`; `None` writes development mail to `dir`.
    pub smtp_url: Option<Secret<String>>,
    pub dir: PathBuf,
    pub from: String,
    /// Key material the mail encryption key is derived from (`LATCHKEY_SECRET_KEY`).
    pub secret_key: Option<SecretKey>,
    /// Email templates that override the built-in ones.
    pub template_dir: Option<PathBuf>,
    /// Send "New sign-in to your … account" when a browser new to the account signs in.
    pub new_device_email: bool,
}

/// How long sessions last, and who must have a second factor to use one.
#[derive(Clone, Copy, Debug)]
pub struct Sessions {
    /// Seconds without a request after which the session ends.
    pub idle_timeout: i64,
    /// Seconds after sign-in after which the session ends regardless.
    pub absolute_timeout: i64,
    pub require_second_factor: RequireSecondFactor,
}

/// `LATCHKEY_REQUIRE_SECOND_FACTOR`: who may use nothing but `/account/security` until they
/// have a second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequireSecondFactor {
    Nobody,
    Owners,
    Everyone,
}

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Seconds a reset link stays valid.
    pub reset_ttl: i64,
    pub rate_limit_ip_per_min: u32,
    /// Audit rows older than this many days are purged by housekeeping.
    pub audit_retention_days: u32,
    /// Seconds an invitation's set-password link stays valid.
    pub invite_ttl: i64,
}

/// Who may create an account themselves (`LATCHKEY_SIGNUP`, `LATCHKEY_SIGNUP_DOMAINS`).
#[derive(Clone, Debug)]
pub struct Signup {
    pub mode: SignupMode,
    /// Email domains allowed to sign up, lower-case; empty: any.
    pub domains: Vec<String>,
    /// Seconds a sign-up's confirmation link stays valid (`LATCHKEY_CONFIRM_TTL`).
    pub confirm_ttl: i64,
}

impl Signup {
    /// Whether `email` (already a valid address) may sign up.
    pub fn allows(&self, email: &str) -> bool {
        let domain = email.rsplit_once('@').map(|(_, domain)| domain.trim().to_lowercase()).unwrap_or_default();
        self.domains.is_empty() || self.domains.contains(&domain)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignupMode {
    /// No sign-up: accounts are invited or added on the command line.
    Off,
    /// Confirming the address makes the account active.
    Open,
    /// Confirming the address puts the account before the API Owners for approval.
    Approval,
}

#[derive(Clone, Debug)]
pub struct Log {
    pub filter: String,
    pub format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// `LATCHKEY_TRUST_PROXY`: `false`, `true`, or a comma-separated list of proxy networks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustProxy {
    /// Forwarded headers are ignored: the peer is the client.
    Nobody,
    /// The direct peer is one trusted proxy.
    DirectPeer,
    /// Peers in these networks are trusted proxies, as are hops in them further along.
    Networks(Vec<IpNet>),
}

impl TrustProxy {
    /// Whether a peer at `ip` is a proxy whose forwarded headers count.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        match self {
            TrustProxy::Nobody => false,
            TrustProxy::DirectPeer => true,
            TrustProxy::Networks(networks) => networks.iter().any(|n| n.contains(&ip.to_canonical())),
        }
    }

    /// Whether `ip`, found in `X-Forwarded-For`, is one more trusted proxy to skip. With
    /// `true` only the direct peer is trusted, so no forwarded hop is.
    pub fn is_network_trusted(&self, ip: IpAddr) -> bool {
        matches!(self, TrustProxy::Networks(_)) && self.trusts(ip)
    }
}

/// How the setting may be written: `trust_proxy = true` in TOML, or any text.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum RawTrustProxy {
    Flag(bool),
    List(String),
}

pub(super) fn http(s: &Settings) -> Result<Http, ConfigError> {
    let addr: SocketAddr =
        s.addr.parse().map_err(|_| invalid("addr", format!("'{}' is not an address like 127.0.0.1:3000", s.addr)))?;
    let base_url = match &s.base_url {
        Some(raw) => parse_http_url(raw).map_err(|m| invalid("base_url", m))?,
        None => parse_http_url(&format!("http://{addr}")).map_err(|m| invalid("addr", m))?,
    };
    let trust_proxy = parse_trust_proxy(&s.trust_proxy).map_err(|m| invalid("trust_proxy", m))?;
    let return_origins = parse_origins(&s.return_origins).map_err(|m| invalid("return_origins", m))?;
    let cors_origins = parse_origins(&s.cors_origins).map_err(|m| invalid("cors_origins", m))?;
    let logo_url = match s.logo_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(raw) => Some(parse_http_url(raw).map_err(|m| invalid("logo_url", m))?),
        None => None,
    };
    let accent = match s.accent_color.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(raw) => Some(Rgb::parse(raw).map_err(|m| invalid("accent_color", m))?),
        None => None,
    };
    let cookie_domain = match s.cookie_domain.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(domain) => Some(parse_cookie_domain(domain, &base_url).map_err(|m| invalid("cookie_domain", m))?),
        None => None,
    };
    let site_root = s.site_root.clone().filter(|root| !root.as_os_str().is_empty());
    if let Some(root) = site_root.as_ref().filter(|root| !root.is_dir()) {
        return Err(invalid("site_root", format!("{} is not a directory", root.display())));
    }
    let metrics_addr = match s.metrics_addr.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(raw) => {
            let metrics: SocketAddr = raw
                .parse()
                .map_err(|_| invalid("metrics_addr", format!("'{raw}' is not an address like 127.0.0.1:9100")))?;
            if metrics.port() == addr.port() {
                return Err(invalid("metrics_addr", "must not be the public address (LATCHKEY_ADDR)"));
            }
            Some(metrics)
        }
        None => None,
    };
    Ok(Http {
        addr,
        base_url,
        metrics_addr,
        trust_proxy,
        portal_name: s.portal_name.clone(),
        return_origins,
        cors_origins,
        brand: Brand { logo_url, accent },
        cookie_domain,
        site_root,
    })
}

pub(super) fn database(s: &Settings) -> Result<Database, ConfigError> {
    let sqlite = s.database_url.starts_with("sqlite:");
    if !(sqlite || s.database_url.starts_with("postgres")) {
        return Err(invalid("database_url", "must start with sqlite:// or postgres://"));
    }
    let max_connections = s.database_max_connections.unwrap_or(if sqlite { 4 } else { 16 });
    if max_connections == 0 {
        return Err(invalid("database_max_connections", "must be at least 1"));
    }
    if !(1..=300).contains(&s.database_timeout) {
        return Err(invalid("database_timeout", "must be between 1 and 300 seconds"));
    }
    Ok(Database { url: Secret::new(s.database_url.clone()), max_connections, timeout: s.database_timeout })
}

/// Mail settings, refusing the combinations that would expose secrets.
pub(super) fn mail(s: &Settings, http: &Http, database: &Database) -> Result<Mail, ConfigError> {
    let smtp_url = s.smtp_url.as_deref().map(str::trim).filter(|raw| !raw.is_empty());
    match smtp_url {
        Some(raw) => check_smtp_url(raw).map_err(|m| invalid("smtp_url", m))?,
        None if http.base_url.scheme() == "https" => {
            return Err(invalid(
                "smtp_url",
                "is required when LATCHKEY_BASE_URL is https: without it, reset links are written to files and logs",
            ));
        }
        None => {}
    }
    let secret_key = match s.secret_key.as_deref() {
        Some(raw) => Some(SecretKey::parse(raw).map_err(|m| invalid("secret_key", m))?),
        None if database.is_postgres() => {
            return Err(invalid(
                "secret_key",
                "is required with PostgreSQL, so that every server shares one key (run `latchkey secret generate`)",
            ));
        }
        None => None,
    };
    Ok(Mail {
        smtp_url: smtp_url.map(|raw| Secret::new(raw.to_owned())),
        dir: s.mail_dir.clone(),
        from: s.mail_from.clone(),
        secret_key,
        template_dir: s.template_dir.clone().filter(|dir| !dir.as_os_str().is_empty()),
        new_device_email: s.new_device_email,
    })
}

pub(super) fn sessions(s: &Settings) -> Result<Sessions, ConfigError> {
    if s.session_idle_timeout < 60 {
        return Err(invalid("session_idle_timeout", "must be at least 60 seconds"));
    }
    if s.session_absolute_timeout < s.session_idle_timeout {
        return Err(invalid("session_absolute_timeout", "must not be shorter than the idle timeout"));
    }
    let require_second_factor = match s.require_second_factor.as_str() {
        "none" => RequireSecondFactor::Nobody,
        "owners" => RequireSecondFactor::Owners,
        "everyone" => RequireSecondFactor::Everyone,
        other => {
            return Err(invalid("require_second_factor", format!("must be none, owners or everyone (got '{other}')")));
        }
    };
    Ok(Sessions {
        idle_timeout: s.session_idle_timeout,
        absolute_timeout: s.session_absolute_timeout,
        require_second_factor,
    })
}

pub(super) fn password(s: &Settings) -> Result<PasswordPolicy, ConfigError> {
    let policy = PasswordPolicy {
        min_length: s.password_min_length,
        max_length: s.password_max_length,
        multi_case: s.password_multi_case,
        min_numeric: s.password_min_numeric,
        min_special: s.password_min_special,
        disable_sequential: s.password_disable_sequential,
    };
    if policy.min_length < 8 || policy.min_length > policy.max_length {
        return Err(invalid("password_min_length", "must be at least 8 and at most the maximum length"));
    }
    if policy.max_length > PASSWORD_MAX_CHARS {
        return Err(invalid("password_max_length", format!("must be at most {PASSWORD_MAX_CHARS}")));
    }
    Ok(policy)
}

pub(super) fn limits(s: &Settings) -> Result<Limits, ConfigError> {
    if !(1..=86_400).contains(&s.reset_ttl) {
        return Err(invalid("reset_ttl", format!("must be between 1 and 86400 seconds (got {})", s.reset_ttl)));
    }
    if s.rate_limit_ip_per_min == 0 {
        return Err(invalid("rate_limit_ip_per_min", "must be at least 1"));
    }
    if s.audit_retention_days == 0 {
        return Err(invalid("audit_retention_days", "must be at least 1"));
    }
    if !(60..=30 * 86_400).contains(&s.invite_ttl) {
        return Err(invalid("invite_ttl", format!("must be between 60 and 2592000 seconds (got {})", s.invite_ttl)));
    }
    Ok(Limits {
        invite_ttl: s.invite_ttl,
        reset_ttl: s.reset_ttl,
        rate_limit_ip_per_min: s.rate_limit_ip_per_min,
        audit_retention_days: s.audit_retention_days,
    })
}

pub(super) fn signup(s: &Settings) -> Result<Signup, ConfigError> {
    let mode = match s.signup.trim() {
        "off" => SignupMode::Off,
        "open" => SignupMode::Open,
        "approval" => SignupMode::Approval,
        other => return Err(invalid("signup", format!("must be off, open or approval (got '{other}')"))),
    };
    let mut domains = Vec::new();
    for domain in s.signup_domains.split(',').map(|d| d.trim().trim_start_matches('@').to_lowercase()) {
        if domain.is_empty() {
            continue;
        }
        if !domain.contains('.') || domain.contains(|c: char| c.is_whitespace() || c == '@' || c == '/') {
            return Err(invalid("signup_domains", format!("'{domain}' is not a domain like example.com")));
        }
        domains.push(domain);
    }
    if !(60..=30 * 86_400).contains(&s.confirm_ttl) {
        return Err(invalid("confirm_ttl", format!("must be between 60 and 2592000 seconds (got {})", s.confirm_ttl)));
    }
    Ok(Signup { mode, domains, confirm_ttl: s.confirm_ttl })
}

pub(super) fn log(s: &Settings) -> Result<Log, ConfigError> {
    let format = match s.log_format.as_str() {
        "text" => LogFormat::Text,
        "json" => LogFormat::Json,
        other => return Err(invalid("log_format", format!("must be text or json (got '{other}')"))),
    };
    Ok(Log { filter: s.log.clone(), format })
}
