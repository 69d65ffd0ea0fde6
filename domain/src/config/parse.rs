//! Reading the settings that are more than a number or a name: URLs, origins, domains,
//! proxy networks. Each returns the message for its variable.

use std::net::IpAddr;

use ipnet::IpNet;
use url::{Origin, Url};

use super::groups::{RawTrustProxy, TrustProxy};

/// `https://portal.example.com, http://localhost:8080`: exact origins, nothing after them.
pub(super) fn parse_origins(list: &str) -> Result<Vec<Origin>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let url = parse_http_url(entry)?;
            if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
                return Err(format!("'{entry}' must be an origin like https://portal.example.com, without a path"));
            }
            Ok(url.origin())
        })
        .collect()
}

/// A parent domain of the base URL's host, e.g. `example.com` for `auth.example.com`.
pub(super) fn parse_cookie_domain(domain: &str, base_url: &Url) -> Result<String, String> {
    let domain = domain.trim_start_matches('.').to_ascii_lowercase();
    let valid = domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !valid {
        return Err(format!("'{domain}' is not a domain like example.com"));
    }
    let host = base_url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host != domain && !host.ends_with(&format!(".{domain}")) {
        return Err(format!("'{domain}' must be LATCHKEY_BASE_URL's host ({host}) or a domain above it"));
    }
    Ok(domain)
}

pub(super) fn parse_http_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|_| format!("'{raw}' is not a URL like https://portal.example.com"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("'{raw}' must be an http:// or https:// URL with a host"));
    }
    Ok(url)
}

/// `smtp://host:port`, `smtp://…?tls=required` or `smtps://…`. Credentials travel only over TLS,
/// or to a server on this machine. Messages never repeat the URL: it may hold a password.
pub(super) fn check_smtp_url(raw: &str) -> Result<(), String> {
    let url = Url::parse(raw).map_err(|_| "is not a URL like smtp://host:25".to_owned())?;
    let Some(host) = url.host() else {
        return Err("must be smtp://host:port or smtps://host:port".into());
    };
    let tls = match url.scheme() {
        "smtps" => true,
        "smtp" => url.query_pairs().any(|(k, v)| k == "tls" && v == "required"),
        _ => return Err("must be smtp://host:port or smtps://host:port".into()),
    };
    let loopback = is_loopback(&host);
    if !url.username().is_empty() && !tls && !loopback {
        return Err("would send the SMTP credentials without TLS: use smtps:// or add ?tls=required".into());
    }
    Ok(())
}

/// Whether a URL's host is this machine. `smtp` is not a scheme the URL standard knows, so its
/// host arrives as plain text, an address in brackets included.
pub(super) fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => {
            *name == "localhost"
                || name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

pub(super) fn parse_trust_proxy(raw: &RawTrustProxy) -> Result<TrustProxy, String> {
    let list = match raw {
        RawTrustProxy::Flag(false) => return Ok(TrustProxy::Nobody),
        RawTrustProxy::Flag(true) => return Ok(TrustProxy::DirectPeer),
        RawTrustProxy::List(list) => list.trim(),
    };
    match list {
        "" | "false" => return Ok(TrustProxy::Nobody),
        "true" => return Ok(TrustProxy::DirectPeer),
        _ => {}
    }
    let networks = list
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("'{entry}' is not an address or network like 10.0.0.0/8"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TrustProxy::Networks(networks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_credentials_need_tls_or_a_local_server() {
        assert!(check_smtp_url("smtp://user:pw@mail.example.com:587").is_err());
        assert!(check_smtp_url("smtp://user:pw@mail.example.com:587?tls=required").is_ok());
        assert!(check_smtp_url("smtps://user:pw@mail.example.com").is_ok());
        assert_eq!(check_smtp_url("smtp://user:pw@127.0.0.1:1025"), Ok(()));
        assert_eq!(check_smtp_url("smtp://user:pw@[::1]:1025"), Ok(()));
        assert!(check_smtp_url("smtp://user:pw@10.0.0.5:25").is_err());
        assert!(check_smtp_url("smtp://mail.example.com:25").is_ok());
        let message = check_smtp_url("smtp://user:s3cret@mail.example.com").unwrap_err();
        assert!(!message.contains("s3cret"), "{message}");
    }

    #[test]
    fn return_origins_are_exact_origins_and_the_cookie_domain_is_above_the_host() {
        let origins = parse_origins("https://portal.example.com, http://localhost:8080").unwrap();
        assert_eq!(origins.len(), 2);
        assert_eq!(origins[0], Url::parse("https://portal.example.com/x").unwrap().origin());
        assert!(parse_origins("https://portal.example.com/docs").is_err());
        assert!(parse_origins("javascript:alert(1)").is_err());
        assert!(parse_origins("").unwrap().is_empty());
        let base = Url::parse("https://auth.example.com").unwrap();
        assert_eq!(parse_cookie_domain(".Example.com", &base).unwrap(), "example.com");
        assert_eq!(parse_cookie_domain("auth.example.com", &base).unwrap(), "auth.example.com");
        assert!(parse_cookie_domain("other.com", &base).is_err());
        assert!(parse_cookie_domain("ample.com", &base).is_err());
        assert!(parse_cookie_domain("com", &base).is_err());
    }

    #[test]
    fn trusted_proxies_are_false_true_or_networks() {
        let parse = |s: &str| parse_trust_proxy(&RawTrustProxy::List(s.into()));
        assert_eq!(parse("false").unwrap(), TrustProxy::Nobody);
        assert_eq!(parse_trust_proxy(&RawTrustProxy::Flag(true)).unwrap(), TrustProxy::DirectPeer);
        let networks = parse("10.0.0.0/8, 2001:db8::/32,192.0.2.7").unwrap();
        assert!(networks.trusts("10.1.2.3".parse().unwrap()));
        assert!(networks.trusts("2001:db8::1".parse().unwrap()));
        assert!(networks.trusts("192.0.2.7".parse().unwrap()));
        assert!(!networks.trusts("192.0.2.8".parse().unwrap()));
        assert!(parse("10.0.0.0/8,proxy.example").is_err());
    }
}
