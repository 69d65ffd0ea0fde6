use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    api,
    i18n::{Lang, use_lang},
    site::Site,
};

/// The portal's name (or logo) at the top of every page, and the language switch.
#[component]
pub fn SiteHeader(site: Site) -> impl IntoView {
    let name = match site {
        Site::AtHand(site) => portal(&site).into_any(),
        Site::Fetched(site) => view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { site.await.ok().map(|site| portal(&site)) })}
            </Suspense>
        }
        .into_any(),
    };
    view! {
        <header class="site-header">
            {name}
            <LanguageSwitch />
        </header>
    }
}

/// The logo, which stands for the name (its alt text is the name), or the name.
fn portal(site: &api::Site) -> AnyView {
    match &site.logo_url {
        Some(logo) => view! { <img class="logo" src=logo.clone() alt=site.portal_name.clone() /> }.into_any(),
        None => site.portal_name.clone().into_any(),
    }
}

/// A link per language, each named in its own language, to this same page with `?lang=`: the
/// server remembers the choice in a cookie and sends the browser back here, so it works
/// without JavaScript. `rel="external"`: a full page load, not the router's navigation.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let here = use_lang();
    let location = use_location();
    let links = Lang::all()
        .iter()
        .copied()
        .map(|lang| {
            let href = move || switch_href(&location.pathname.get(), &location.search.get(), lang);
            view! {
                <a
                    href=href
                    hreflang=lang.code()
                    lang=lang.code()
                    rel="external"
                    aria-current=(lang == here).then_some("true")
                >
                    {lang.name()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="languages" aria-label=here.t("language-switch")>{links}</nav> }
}

/// `path?query` with `lang=<code>` in place of any `lang` the query had; the rest of the query
/// (a reset link's token, a search) kept as it was.
pub fn switch_href(path: &str, search: &str, lang: Lang) -> String {
    let mut query = latchkey_i18n::without_lang(search);
    let chosen = format!("lang={}", lang.code());
    query.push(&chosen);
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_query_and_replaces_only_the_language() {
        let de = Lang::from_code("de").unwrap();
        assert_eq!(switch_href("/auth/login", "", de), "/auth/login?lang=de");
        assert_eq!(switch_href("/auth/reset/code", "?token=a_b-C", de), "/auth/reset/code?token=a_b-C&lang=de");
        assert_eq!(switch_href("/admin/users", "q=x%40y&lang=en&after=3", de), "/admin/users?q=x%40y&after=3&lang=de");
    }
}
