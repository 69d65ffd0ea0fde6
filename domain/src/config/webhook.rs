//! `LATCHKEY_WEBHOOK_URL` and `LATCHKEY_WEBHOOK_SECRET`: where events are posted and the key
//! they are signed with. Both or neither; the URL never sends events across a network in the clear.

use url::Url;

use super::{
    ConfigError, Settings, invalid,
    parse::{is_loopback, parse_http_url},
};
use crate::secret::Secret;

/// Where events are posted, and the key they are signed with (the Standard Webhooks scheme).
#[derive(Clone, Debug)]
pub struct Webhook {
    /// https, or http to this machine.
    pub url: Url,
    /// The bytes of `LATCHKEY_WEBHOOK_SECRET` after `whsec_`, base64-decoded.
    pub secret: Secret<Vec<u8>>,
}

pub(super) fn webhook(s: &Settings) -> Result<Option<Webhook>, ConfigError> {
    let present =
        |value: &Option<String>| value.as_deref().map(str::trim).filter(|raw| !raw.is_empty()).map(str::to_owned);
    let (url, secret) = (present(&s.webhook_url), present(&s.webhook_secret));
    let Some(url) = url else {
        if secret.is_some() {
            return Err(invalid("webhook_url", "is required with LATCHKEY_WEBHOOK_SECRET"));
        }
        return Ok(None);
    };
    let url = check_webhook_url(&url).map_err(|m| invalid("webhook_url", m))?;
    let Some(secret) = secret else {
        return Err(invalid(
            "webhook_secret",
            "is required with LATCHKEY_WEBHOOK_URL: whsec_ and at least 24 random bytes in base64 \
             (run `latchkey secret generate --webhook`)",
        ));
    };
    let secret = parse_webhook_secret(&secret).map_err(|m| invalid("webhook_secret", m))?;
    Ok(Some(Webhook { url, secret: Secret::new(secret) }))
}

/// `https://…`, or `http://` to this machine: events must not cross a network in the clear.
fn check_webhook_url(raw: &str) -> Result<Url, String> {
    let url = parse_http_url(raw)?;
    let loopback = url.host().is_some_and(|host| is_loopback(&host));
    if url.scheme() == "http" && !loopback {
        return Err(format!("'{raw}' must be https:// (http:// only to this machine: localhost, 127.0.0.1, [::1])"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not hold a user name or password: the events are signed instead".into());
    }
    Ok(url)
}

/// `whsec_` and base64 of 24 to 64 random bytes, as the Standard Webhooks scheme writes a key.
fn parse_webhook_secret(raw: &str) -> Result<Vec<u8>, String> {
    use base64::{Engine, engine::general_purpose::STANDARD};
    let message =
        "must be whsec_ followed by 24 to 64 random bytes in base64 (run `latchkey secret generate --webhook`)";
    let encoded = raw.strip_prefix("whsec_").ok_or(message)?;
    let key = STANDARD.decode(encoded).map_err(|_| message)?;
    if !(24..=64).contains(&key.len()) {
        return Err(message.into());
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_go_over_https_or_to_this_machine_with_a_standard_key() {
        assert!(check_webhook_url("https://crm.example.com/hooks").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000/hooks").is_ok());
        assert!(check_webhook_url("http://[::1]:9000/").is_ok());
        assert!(check_webhook_url("http://localhost:9000/").is_ok());
        assert!(check_webhook_url("http://crm.example.com/hooks").is_err());
        assert!(check_webhook_url("http://10.0.0.5/hooks").is_err());
        assert!(check_webhook_url("ftp://crm.example.com/").is_err());
        assert!(check_webhook_url("https://user:pw@crm.example.com/").is_err());
        // The Standard Webhooks specification's example key.
        assert_eq!(parse_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap().len(), 24);
        assert!(parse_webhook_secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_err());
        assert!(parse_webhook_secret("whsec_c2hvcnQ=").is_err());
        assert!(parse_webhook_secret("whsec_not base64!").is_err());
    }
}
