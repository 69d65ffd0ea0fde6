#![allow(clippy::unwrap_used, clippy::expect_used)]
// tests: a panic is the failure report
// figment's `Jail` returns its own (large) error type; that is its API, not ours.
#![allow(clippy::result_large_err)]
//! Configuration from files and `LATCHKEY_*` variables. A test binary of its own: `Jail` sets
//! environment variables, which must never happen while another thread reads the environment
//! (SQLite does, for its temporary directory), as the library's other tests would.

use std::collections::BTreeSet;

use figment::Jail;
use latchkey_domain::config::*;
use latchkey_policy::PasswordPolicy;

const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";

fn load_err() -> String {
    Config::load(None).unwrap_err().to_string()
}

#[test]
fn defaults_are_valid_and_match_the_contract() {
    let config = Config::defaults();
    assert_eq!(config.http.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(config.database.url.expose(), "sqlite://latchkey.db?mode=rwc");
    assert_eq!((config.database.max_connections, config.database.timeout), (4, 5));
    assert_eq!(config.http.base_url.as_str(), "http://127.0.0.1:3000/");
    assert_eq!(config.http.trust_proxy, TrustProxy::Nobody);
    assert!(config.mail.smtp_url.is_none() && config.mail.secret_key.is_none());
    assert!(config.mail.new_device_email, "new-sign-in emails are on by default");
    assert_eq!(config.limits.reset_ttl, 3600);
    assert_eq!(config.limits.rate_limit_ip_per_min, 30);
    assert_eq!(config.http.portal_name, "Developer Portal");
    assert_eq!(config.password, PasswordPolicy::default());
    assert!(!config.is_https());
}

#[test]
fn defaults_ignore_the_environment() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("LATCHKEY_PASSWORD_MIN_LENGTH", "20");
        jail.set_env("LATCHKEY_RESET_TTL", "0");
        assert_eq!(Config::defaults().password.min_length, 12);
        assert_eq!(Config::load(None).unwrap_err().variable, "LATCHKEY_RESET_TTL");
        Ok(())
    });
}

/// A valid value other than the default for every setting: a new setting without one here
/// fails `every_documented_variable_is_honoured`.
/// A variable, a value for it, and whether a configuration shows the value was honoured.
type Sample = (&'static str, &'static str, fn(&Config) -> bool);

fn non_default_values() -> Vec<Sample> {
    vec![
        ("LATCHKEY_ADDR", "0.0.0.0:8080", |c| c.http.addr.port() == 8080),
        ("LATCHKEY_BASE_URL", "http://portal.example.com", |c| {
            c.http.base_url.host_str() == Some("portal.example.com")
        }),
        ("LATCHKEY_TRUST_PROXY", "10.0.0.0/8", |c| c.http.trust_proxy.trusts("10.9.9.9".parse().unwrap())),
        ("LATCHKEY_PORTAL_NAME", "Acme APIs", |c| c.http.portal_name == "Acme APIs"),
        ("LATCHKEY_RETURN_ORIGINS", "https://portal.example.com", |c| c.http.return_origins.len() == 1),
        ("LATCHKEY_LOGO_URL", "https://cdn.example.com/logo.svg", |c| c.http.brand.logo_origin().is_some()),
        ("LATCHKEY_ACCENT_COLOR", "#5b2a86", |c| c.http.brand.stylesheet().is_some()),
        ("LATCHKEY_CORS_ORIGINS", "https://spa.example.com,http://127.0.0.1:8081", |c| c.http.cors_origins.len() == 2),
        ("LATCHKEY_COOKIE_DOMAIN", "127.0.0.1", |c| c.http.cookie_domain.is_some()),
        ("LATCHKEY_SITE_ROOT", "/tmp", |c| c.http.site_root.is_some()),
        ("LATCHKEY_METRICS_ADDR", "127.0.0.1:9100", |c| c.http.metrics_addr.is_some()),
        ("LATCHKEY_DATABASE_URL", "sqlite://other.db", |c| c.database.url.expose() == "sqlite://other.db"),
        ("LATCHKEY_DATABASE_MAX_CONNECTIONS", "7", |c| c.database.max_connections == 7),
        ("LATCHKEY_DATABASE_TIMEOUT", "9", |c| c.database.timeout == 9),
        ("LATCHKEY_SMTP_URL", "smtp://127.0.0.1:2525", |c| c.mail.smtp_url.is_some()),
        ("LATCHKEY_MAIL_DIR", "/tmp/elsewhere", |c| c.mail.dir == std::path::Path::new("/tmp/elsewhere")),
        ("LATCHKEY_MAIL_FROM", "APIs <apis@example.com>", |c| c.mail.from == "APIs <apis@example.com>"),
        ("LATCHKEY_SECRET_KEY", KEY, |c| c.mail.secret_key.is_some()),
        ("LATCHKEY_TEMPLATE_DIR", "/tmp/templates", |c| c.mail.template_dir.is_some()),
        ("LATCHKEY_NEW_DEVICE_EMAIL", "false", |c| !c.mail.new_device_email),
        ("LATCHKEY_SESSION_IDLE_TIMEOUT", "600", |c| c.sessions.idle_timeout == 600),
        ("LATCHKEY_SESSION_ABSOLUTE_TIMEOUT", "7200", |c| c.sessions.absolute_timeout == 7200),
        ("LATCHKEY_REQUIRE_SECOND_FACTOR", "owners", |c| {
            c.sessions.require_second_factor == RequireSecondFactor::Owners
        }),
        ("LATCHKEY_PASSWORD_MIN_LENGTH", "14", |c| c.password.min_length == 14),
        ("LATCHKEY_PASSWORD_MAX_LENGTH", "100", |c| c.password.max_length == 100),
        ("LATCHKEY_PASSWORD_MULTI_CASE", "true", |c| c.password.multi_case),
        ("LATCHKEY_PASSWORD_MIN_NUMERIC", "2", |c| c.password.min_numeric == 2),
        ("LATCHKEY_PASSWORD_MIN_SPECIAL", "1", |c| c.password.min_special == 1),
        ("LATCHKEY_PASSWORD_DISABLE_SEQUENTIAL", "true", |c| c.password.disable_sequential),
        ("LATCHKEY_RESET_TTL", "900", |c| c.limits.reset_ttl == 900),
        ("LATCHKEY_RATE_LIMIT_IP_PER_MIN", "5", |c| c.limits.rate_limit_ip_per_min == 5),
        ("LATCHKEY_AUDIT_RETENTION_DAYS", "30", |c| c.limits.audit_retention_days == 30),
        ("LATCHKEY_INVITE_TTL", "86400", |c| c.limits.invite_ttl == 86_400),
        ("LATCHKEY_SIGNUP", "approval", |c| c.signup.mode == SignupMode::Approval),
        ("LATCHKEY_SIGNUP_DOMAINS", "partner.example, @Acme.example", |c| {
            c.signup.domains == ["partner.example", "acme.example"]
        }),
        ("LATCHKEY_CONFIRM_TTL", "3600", |c| c.signup.confirm_ttl == 3600),
        ("LATCHKEY_WEBHOOK_URL", WEBHOOK_URL, |c| {
            c.webhook.as_ref().is_some_and(|hook| hook.url.host_str() == Some("crm.example.com"))
        }),
        ("LATCHKEY_WEBHOOK_SECRET", WEBHOOK_SECRET, |c| {
            c.webhook.as_ref().is_some_and(|hook| hook.secret.expose().len() == 24)
        }),
        ("LATCHKEY_LOG", "debug", |c| c.log.filter == "debug"),
        ("LATCHKEY_LOG_FORMAT", "json", |c| c.log.format == LogFormat::Json),
    ]
}

const WEBHOOK_URL: &str = "https://crm.example.com/hooks";
/// The Standard Webhooks specification's example key.
const WEBHOOK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Settings that mean something only together: a sample of one is loaded with the other's.
fn companions(name: &str) -> &'static [(&'static str, &'static str)] {
    match name {
        "LATCHKEY_WEBHOOK_URL" => &[("LATCHKEY_WEBHOOK_SECRET", WEBHOOK_SECRET)],
        "LATCHKEY_WEBHOOK_SECRET" => &[("LATCHKEY_WEBHOOK_URL", "http://127.0.0.1:9000/hooks")],
        _ => &[],
    }
}

/// The `LATCHKEY_*` names in the README's configuration table.
fn documented_variables() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `LATCHKEY_"))
        .filter_map(|rest| rest.split('`').next())
        .map(|name| format!("LATCHKEY_{name}"))
        .collect()
}

#[test]
fn every_documented_variable_is_honoured() {
    let settings: BTreeSet<String> = Config::variable_names().into_iter().collect();
    let mut documented = documented_variables();
    assert!(documented.remove("LATCHKEY_CONFIG"), "the README documents LATCHKEY_CONFIG");
    assert_eq!(documented, settings, "the README's table and the settings list the same variables");
    let samples = non_default_values();
    let sampled: BTreeSet<String> = samples.iter().map(|(name, ..)| (*name).to_owned()).collect();
    assert_eq!(sampled, settings, "every setting has a sample value in this test");
    for (name, value, honoured) in samples {
        Jail::expect_with(|jail| {
            jail.clear_env();
            assert!(!honoured(&Config::load(None).unwrap()), "{name}: the sample is the default");
            for (other, value) in companions(name) {
                jail.set_env(other, value);
            }
            jail.set_env(name, value);
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(honoured(&config), "{name}={value} was not honoured");
            assert!(config.unknown_variables.is_empty(), "{name} was reported unknown");
            Ok(())
        });
    }
}

#[test]
fn environment_overrides_file_which_overrides_defaults() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("latchkey.toml", "portal_name = \"From File\"\nreset_ttl = 600\ntrust_proxy = true\n")?;
        jail.set_env("LATCHKEY_RESET_TTL", "900");
        jail.set_env("LATCHKEY_BASE_URL", "https://portal.example.com");
        jail.set_env("LATCHKEY_SMTP_URL", "smtps://mail.example.com");
        jail.set_env("LATCHKEY_PASSWORD_MULTI_CASE", "true");
        let config = Config::load(Some("latchkey.toml".into())).unwrap();
        assert_eq!(config.http.portal_name, "From File");
        assert_eq!(config.http.trust_proxy, TrustProxy::DirectPeer);
        assert_eq!(config.limits.reset_ttl, 900);
        assert!(config.is_https());
        assert!(config.password.multi_case);
        Ok(())
    });
}

#[test]
fn config_file_can_be_named_by_the_environment() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("other.toml", "addr = \"0.0.0.0:8080\"\n")?;
        jail.set_env("LATCHKEY_CONFIG", "other.toml");
        let config = Config::load(None).unwrap();
        assert_eq!(config.http.addr.to_string(), "0.0.0.0:8080");
        assert_eq!(config.http.base_url.as_str(), "http://0.0.0.0:8080/");
        assert!(config.unknown_variables.is_empty());
        Ok(())
    });
}

#[test]
fn invalid_values_name_their_variable() {
    Jail::expect_with(|jail| {
        jail.clear_env();
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
        jail.set_env("LATCHKEY_TRUST_PROXY", "yes please");
        assert!(load_err().starts_with("LATCHKEY_TRUST_PROXY:"), "{}", load_err());
        jail.set_env("LATCHKEY_TRUST_PROXY", "false");
        jail.set_env("LATCHKEY_DATABASE_URL", "mysql://x");
        assert!(load_err().starts_with("LATCHKEY_DATABASE_URL:"));
        jail.set_env("LATCHKEY_DATABASE_URL", "sqlite::memory:");
        jail.set_env("LATCHKEY_ACCENT_COLOR", "blue");
        assert!(load_err().starts_with("LATCHKEY_ACCENT_COLOR: 'blue' is not a colour"), "{}", load_err());
        jail.set_env("LATCHKEY_ACCENT_COLOR", "#5b2a86");
        jail.set_env("LATCHKEY_LOGO_URL", "javascript:alert(1)");
        assert!(load_err().starts_with("LATCHKEY_LOGO_URL:"), "{}", load_err());
        jail.set_env("LATCHKEY_LOGO_URL", "https://portal.example.com/logo.svg");
        jail.set_env("LATCHKEY_REQUIRE_SECOND_FACTOR", "admins");
        assert!(
            load_err().starts_with("LATCHKEY_REQUIRE_SECOND_FACTOR: must be none, owners or everyone"),
            "{}",
            load_err()
        );
        Ok(())
    });
}

#[test]
fn settings_that_would_expose_secrets_stop_start_up() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("LATCHKEY_SMTP_URL", "smtp://mailer:hunter2hunter2@mail.example.com:587");
        let err = load_err();
        assert!(err.starts_with("LATCHKEY_SMTP_URL:") && !err.contains("hunter2"), "{err}");
        jail.set_env("LATCHKEY_SMTP_URL", "smtp://mailer:hunter2hunter2@mail.example.com:587?tls=required");
        assert!(Config::load(None).is_ok());

        jail.set_env("LATCHKEY_SMTP_URL", "");
        jail.set_env("LATCHKEY_BASE_URL", "https://portal.example.com");
        assert!(load_err().starts_with("LATCHKEY_SMTP_URL:"), "development mail behind https: {}", load_err());

        jail.set_env("LATCHKEY_BASE_URL", "http://127.0.0.1:3000");
        jail.set_env("LATCHKEY_WEBHOOK_SECRET", WEBHOOK_SECRET);
        jail.set_env("LATCHKEY_WEBHOOK_URL", "http://crm.example.com/hooks");
        assert!(
            load_err().starts_with("LATCHKEY_WEBHOOK_URL: 'http://crm.example.com/hooks' must be https://"),
            "{}",
            load_err()
        );
        jail.set_env("LATCHKEY_WEBHOOK_URL", "https://crm.example.com/hooks");
        jail.set_env("LATCHKEY_WEBHOOK_SECRET", "");
        assert!(load_err().starts_with("LATCHKEY_WEBHOOK_SECRET: is required"), "{}", load_err());
        Ok(())
    });
}

#[test]
fn secret_keys_must_be_real_keys_and_postgres_needs_one() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        for weak in ["", "test", "shared by every server"] {
            jail.set_env("LATCHKEY_SECRET_KEY", weak);
            assert!(load_err().starts_with("LATCHKEY_SECRET_KEY:"), "{weak:?}: {}", load_err());
        }
        jail.set_env("LATCHKEY_SECRET_KEY", KEY);
        jail.set_env("LATCHKEY_DATABASE_URL", "postgres://db/latchkey");
        assert!(Config::load(None).is_ok());
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("LATCHKEY_DATABASE_URL", "postgres://db/latchkey");
        assert!(load_err().starts_with("LATCHKEY_SECRET_KEY: is required with PostgreSQL"), "{}", load_err());
        Ok(())
    });
}

#[test]
fn unknown_variables_are_reported_and_unknown_file_keys_refused() {
    Jail::expect_with(|jail| {
        jail.clear_env();
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
        jail.clear_env();
        jail.set_env("LATCHKEY_SMTP_URL", "smtps://user:s3cretpass@mail.example.com:465");
        jail.set_env("LATCHKEY_DATABASE_URL", "postgres://app:dbpass@db/latchkey");
        jail.set_env("LATCHKEY_SECRET_KEY", KEY);
        jail.set_env("LATCHKEY_WEBHOOK_URL", WEBHOOK_URL);
        jail.set_env("LATCHKEY_WEBHOOK_SECRET", WEBHOOK_SECRET);
        let shown = format!("{:?}", Config::load(None).unwrap());
        assert!(!shown.contains("s3cretpass") && !shown.contains("dbpass") && !shown.contains(KEY), "{shown}");
        assert!(shown.contains("crm.example.com") && !shown.contains("MfKQ9r8G"), "{shown}");
        Ok(())
    });
}
