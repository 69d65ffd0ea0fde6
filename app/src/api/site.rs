use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What every page shows of the operator's configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub portal_name: String,
    /// `LATCHKEY_LOGO_URL`, shown in the header.
    pub logo_url: Option<String>,
}

#[cfg(feature = "ssr")]
impl Site {
    pub fn of(config: &latchkey_domain::config::Config) -> Site {
        let http = &config.http;
        Site { portal_name: http.portal_name.clone(), logo_url: http.brand.logo_url.as_ref().map(ToString::to_string) }
    }
}

/// `GET /api/site`.
#[server(prefix = "/api", endpoint = "site", input = GetUrl)]
pub async fn site_info() -> Result<Site, ApiError> {
    Ok(Site::of(crate::ssr::services()?.config()))
}
