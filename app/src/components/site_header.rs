use leptos::prelude::*;

use crate::api::{ApiError, Site};

/// The portal's name at the top of every page (the site settings `App` fetched once).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = expect_context::<OnceResource<Result<Site, ApiError>>>();
    view! {
        <header class="site-header">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    site.await.map(|s| s.portal_name).unwrap_or_default()
                })}
            </Suspense>
        </header>
    }
}
