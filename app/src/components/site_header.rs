use leptos::prelude::*;

use crate::api::site_info;

/// The portal's name at the top of every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = OnceResource::new(site_info());
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
