//! What a session shows of the client it signed in from: the browser and system, read from
//! the User-Agent by a maintained parser (`woothee`, on the server only), and the network, never
//! more precise than an IPv4 /24 or an IPv6 /64.

use std::net::IpAddr;

use ipnet::{Ipv4Net, Ipv6Net};

use crate::{audit::Client, mail::messages::SignIn, secret::Secret};

/// The longest User-Agent kept with a session; browsers send about 150 characters.
pub(crate) const USER_AGENT_MAX_CHARS: usize = 512;

/// A browser and system as people name them: `Chrome 131` on `Linux`. `None` where the
/// User-Agent does not say (a script, a made-up header).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Device {
    pub browser: Option<String>,
    pub system: Option<String>,
}

impl Device {
    pub fn from_user_agent(user_agent: Option<&str>) -> Device {
        let Some(found) = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua)) else {
            return Device::default();
        };
        // The major version is what people recognise ("Chrome 131", not "131.0.6778.85").
        let browser = known(found.name).map(|name| match known(found.version).and_then(|v| v.split('.').next()) {
            Some(major) => format!("{name} {major}"),
            None => name.to_owned(),
        });
        Device { browser, system: known(found.os).map(str::to_owned) }
    }
}

/// A value the parser found, not its "UNKNOWN".
fn known(value: &str) -> Option<&str> {
    (!value.is_empty() && value != woothee::woothee::VALUE_UNKNOWN).then_some(value)
}

/// The network of a client address, as text: `203.0.113.0/24`, `2001:db8:1:2::/64`. An IPv6
/// address that holds an IPv4 one is shown as IPv4. `None` for text that is no address.
pub fn network_of(ip: &str) -> Option<String> {
    match ip.parse::<IpAddr>().ok()?.to_canonical() {
        IpAddr::V4(v4) => Ipv4Net::new(v4, 24).ok().map(|net| net.trunc().to_string()),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 64).ok().map(|net| net.trunc().to_string()),
    }
}

/// What a "new sign-in" email tells of `client`, to seal in its outbox row: the network and the
/// User-Agent, a line each.
pub(crate) fn sign_in_detail(client: &Client) -> Secret<String> {
    let network = client.ip.as_deref().and_then(network_of).unwrap_or_default();
    let user_agent = client.user_agent.as_deref().map(clip_user_agent).unwrap_or_default();
    Secret::new(format!("{network}\n{}", user_agent.replace(['\r', '\n'], " ")))
}

/// The sign-in at `at` that [`sign_in_detail`] sealed.
pub(crate) fn open_sign_in(at: i64, detail: &str) -> SignIn {
    let (network, user_agent) = detail.split_once('\n').unwrap_or((detail, ""));
    let known = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    SignIn { at, device: Device::from_user_agent(known(user_agent).as_deref()), network: known(network) }
}

/// A User-Agent as kept with a session: at most [`USER_AGENT_MAX_CHARS`] characters.
pub(crate) fn clip_user_agent(user_agent: &str) -> String {
    user_agent.chars().take(USER_AGENT_MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_and_systems_are_named_as_people_know_them() {
        let device = |ua: &str| Device::from_user_agent(Some(ua));
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36";
        assert_eq!(device(chrome), Device { browser: Some("Chrome 131".into()), system: Some("Linux".into()) });
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device(firefox).browser.as_deref(), Some("Firefox 133"));
        assert_eq!(device(firefox).system.as_deref(), Some("Windows 10"));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device(safari).browser.as_deref(), Some("Safari 18"));
        assert_eq!(device(safari).system.as_deref(), Some("iPhone"));
        assert_eq!(device("curl/8.11.0").system, None);
        assert_eq!(Device::from_user_agent(None), Device::default());
        assert_eq!(device(""), Device::default());
    }

    #[test]
    fn a_sign_in_sealed_for_its_email_opens_as_it_was() {
        let client = Client {
            ip: Some("2001:db8:1:2:3:4:5:6".into()),
            user_agent: Some("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0".into()),
            ..Client::default()
        };
        let opened = open_sign_in(7, sign_in_detail(&client).expose());
        assert_eq!(opened.at, 7);
        assert_eq!(opened.network.as_deref(), Some("2001:db8:1:2::/64"));
        assert_eq!(opened.device.browser.as_deref(), Some("Firefox 133"));
        let nothing = open_sign_in(7, sign_in_detail(&Client::default()).expose());
        assert_eq!((nothing.network, nothing.device), (None, Device::default()));
    }

    #[test]
    fn a_network_is_never_more_precise_than_a_slash_24_or_a_slash_64() {
        assert_eq!(network_of("203.0.113.77").as_deref(), Some("203.0.113.0/24"));
        assert_eq!(network_of("2001:db8:1:2:3:4:5:6").as_deref(), Some("2001:db8:1:2::/64"));
        assert_eq!(network_of("::ffff:198.51.100.9").as_deref(), Some("198.51.100.0/24"));
        assert_eq!(network_of("127.0.0.1").as_deref(), Some("127.0.0.0/24"));
        assert_eq!(network_of("not an address"), None);
    }
}
