use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What every page shows of the operator's configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub portal_name: String,
    /// `LATCHKEY_LOGO_URL`, shown in the header.
    pub logo_url: Option<String>,
    /// People may create their own accounts (`LATCHKEY_SIGNUP` is not `off`).
    pub signup: bool,
    /// The email domains that may sign up (`LATCHKEY_SIGNUP_DOMAINS`); empty: any.
    pub signup_domains: Vec<String>,
    /// Passkeys can work: `LATCHKEY_BASE_URL` names a domain (not an IP address).
    pub passkeys: bool,
}

#[cfg(feature = "ssr")]
impl Site {
    pub fn of(config: &latchkey_domain::config::Config) -> Site {
        let http = &config.http;
        Site {
            portal_name: http.portal_name.clone(),
            logo_url: http.brand.logo_url.as_ref().map(ToString::to_string),
            signup: config.signup.mode != latchkey_domain::config::SignupMode::Off,
            signup_domains: config.signup.domains.clone(),
            passkeys: latchkey_domain::second_factor::passkeys::available(config),
        }
    }
}

/// `GET /api/site`.
#[server(prefix = "/api", endpoint = "site", input = GetUrl)]
pub async fn site_info() -> Result<Site, ApiError> {
    Ok(Site::of(crate::ssr::services()?.config()))
}
