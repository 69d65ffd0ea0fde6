use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What every page shows of the operator's configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub portal_name: String,
}

/// `GET /api/site`.
#[server(prefix = "/api", endpoint = "site", input = GetUrl)]
pub async fn site_info() -> Result<Site, ApiError> {
    let k = crate::ssr::services()?;
    Ok(Site { portal_name: k.config().http.portal_name.clone() })
}
