//! Who is asking: the client address (through trusted proxies only), user agent, device cookie
//! and session cookie, worked out once per request and put in its extensions for the audit log and the
//! limits.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::Response,
};
use latchkey_app::ssr::{cookie_value, device_cookie_name, session_token};
use latchkey_domain::{audit::Client, config::TrustProxy, secret::Secret};

use super::AppState;

pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trust = &state.latchkey.config().http.trust_proxy;
    let ip = peer.map(|peer| client_address(peer, req.headers(), trust));
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let device = cookie_value(req.headers(), device_cookie_name(&state.latchkey)).map(Secret::new);
    let session = session_token(&state.latchkey, req.headers()).map(Secret::new);
    // The language middleware (outside this one) chose the request's language.
    let language = req.extensions().get::<latchkey_app::i18n::Lang>().map(|lang| lang.code());
    req.extensions_mut().insert(Client { ip, user_agent, device, session, actor: None, language });
    next.run(req).await
}

/// The client's address. The direct peer, unless it is a trusted proxy: then `X-Forwarded-For`
/// is read from the right, past every trusted hop, and the first untrusted entry is the client.
/// An entry that is not an address is a client of its own, never a proxy.
fn client_address(peer: IpAddr, headers: &HeaderMap, trust: &TrustProxy) -> String {
    if !trust.trusts(peer) {
        return peer.to_canonical().to_string();
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect();
    let as_client = |entry: &str| match parse_entry(entry) {
        Some(ip) => (ip.to_canonical().to_string(), trust.is_network_trusted(ip)),
        None => (entry.chars().take(64).collect(), false),
    };
    let mut client = peer.to_canonical().to_string();
    for entry in forwarded.iter().rev() {
        let (address, is_proxy) = as_client(entry);
        client = address;
        if !is_proxy {
            break;
        }
    }
    client
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:443`.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| entry.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn client(peer: &str, forwarded: &[&str], trust: &TrustProxy) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        client_address(peer.parse().unwrap(), &headers, trust)
    }

    fn networks(list: &[&str]) -> TrustProxy {
        TrustProxy::Networks(list.iter().map(|n| n.parse().unwrap()).collect())
    }

    #[test]
    fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
        assert_eq!(client("198.51.100.9", &["203.0.113.7"], &TrustProxy::Nobody), "198.51.100.9");
        assert_eq!(client("198.51.100.9", &["203.0.113.7"], &networks(&["10.0.0.0/8"])), "198.51.100.9");
    }

    #[test]
    fn one_trusted_peer_means_the_last_entry_is_the_client() {
        let trust = TrustProxy::DirectPeer;
        assert_eq!(client("10.0.0.1", &["198.51.100.1, 203.0.113.7"], &trust), "203.0.113.7");
        assert_eq!(client("10.0.0.1", &["198.51.100.1", "203.0.113.7"], &trust), "203.0.113.7");
        assert_eq!(client("10.0.0.1", &[], &trust), "10.0.0.1");
    }

    #[test]
    fn trusted_networks_are_skipped_from_the_right() {
        let trust = networks(&["10.0.0.0/8", "2001:db8:ff::/48"]);
        let chain = "6.6.6.6, 203.0.113.7, 10.1.1.1, 10.2.2.2";
        assert_eq!(client("10.0.0.1", &[chain], &trust), "203.0.113.7", "a spoofed left part is never reached");
        assert_eq!(client("2001:db8:ff::1", &["2001:db8:1::5"], &trust), "2001:db8:1::5");
        assert_eq!(client("10.0.0.1", &["10.3.3.3"], &trust), "10.3.3.3", "all trusted: the farthest hop");
    }

    #[test]
    fn entries_with_ports_parse_and_garbage_is_its_own_client() {
        let trust = TrustProxy::DirectPeer;
        assert_eq!(client("10.0.0.1", &["203.0.113.7:5678"], &trust), "203.0.113.7");
        assert_eq!(client("10.0.0.1", &["[2001:db8::1]:443"], &trust), "2001:db8::1");
        assert_eq!(client("10.0.0.1", &["[2001:db8::1]"], &trust), "2001:db8::1");
        assert_eq!(client("10.0.0.1", &["::ffff:203.0.113.7"], &trust), "203.0.113.7");
        let trust = networks(&["10.0.0.0/8"]);
        assert_eq!(client("10.0.0.1", &["203.0.113.7, unknown, 10.1.1.1"], &trust), "unknown");
    }
}
