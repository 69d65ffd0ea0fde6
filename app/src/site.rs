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

    /// Whether `when` holds for the site's settings: at once on the server, `None` in the
    /// single-page app until they arrive.
    fn holds(&self, when: fn(&api::Site) -> bool) -> Option<bool> {
        match self {
            Site::AtHand(site) => Some(when(site)),
            Site::Fetched(site) => site.try_get().flatten().map(|site| site.is_ok_and(|site| when(&site))),
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

/// `children` when `when` holds for the site's settings (sign-up is on, passkeys can work),
/// else `off`: known at once on the server, after the settings arrive in the single-page app.
#[component]
pub fn WhenSite(when: fn(&api::Site) -> bool, #[prop(into)] off: ViewFn, children: ChildrenFn) -> impl IntoView {
    let site = expect_context::<Site>();
    if let Some(holds) = site.holds(when) {
        return if holds { children().into_any() } else { off.run() };
    }
    let Site::Fetched(fetched) = site else {
        return off.run();
    };
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (off, children) = (off.clone(), children.clone());
                Suspend::new(async move {
                    if fetched.await.is_ok_and(|site| when(&site)) { children().into_any() } else { off.run() }
                })
            }}
        </Suspense>
    }
    .into_any()
}
