use leptos::prelude::*;

use crate::api::{ApiError, Site};

/// The portal's name (or logo) at the top of every page (the site settings `App` fetched once).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = expect_context::<OnceResource<Result<Site, ApiError>>>();
    view! {
        <header class="site-header">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    site.await
                        .ok()
                        .map(|site| match site.logo_url {
                            // The logo stands for the name: its alt text is the name.
                            Some(logo) => view! { <img class="logo" src=logo alt=site.portal_name /> }.into_any(),
                            None => site.portal_name.into_any(),
                        })
                })}
            </Suspense>
        </header>
    }
}
