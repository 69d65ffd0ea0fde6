//! The operator's settings every page shows (the portal's name, the logo), for the header and
//! every title.

use std::sync::Arc;

use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    at_hand,
};

/// At hand on the server; fetched once by the single-page app.
#[derive(Clone)]
pub enum Site {
    AtHand(Arc<api::Site>),
    Fetched(OnceResource<Result<api::Site, ApiError>>),
}

impl Site {
    pub fn here() -> Site {
        match at_hand::site() {
            Some(site) => Site::AtHand(Arc::new(site)),
            None => Site::Fetched(OnceResource::new(api::site_info())),
        }
    }

    /// The email domains that may sign up (empty: any), once they are known.
    pub fn signup_domains(&self) -> Vec<String> {
        match self {
            Site::AtHand(site) => site.signup_domains.clone(),
            Site::Fetched(site) => {
                site.try_get().flatten().and_then(Result::ok).map(|site| site.signup_domains).unwrap_or_default()
            }
        }
    }

    /// The portal's name, once it is known.
    pub fn portal_name(&self) -> Option<String> {
        match self {
            Site::AtHand(site) => Some(site.portal_name.clone()),
            Site::Fetched(site) => site.try_get().flatten().and_then(Result::ok).map(|site| site.portal_name),
        }
    }
}
