//! The HTML document around the app, rendered on the server only, and the
//! Content-Security-Policy that goes with it.

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::App;

/// The built assets' version, which the server puts in their URLs (`/pkg/<version>/pkg/…`) so
/// that browsers may keep them for good.
#[derive(Clone, Debug)]
pub struct AssetVersion(pub std::sync::Arc<str>);

/// The document. Its scripts are this site's files and, inline, only the hydration script
/// carrying this response's nonce (see [`set_page_policy`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_policy();
    // The operator's accent colour (`LATCHKEY_ACCENT_COLOR`), after the site's own stylesheet.
    #[cfg(feature = "ssr")]
    let branded = use_context::<latchkey_domain::Latchkey>().is_some_and(|k| k.config().http.brand.accent.is_some());
    #[cfg(not(feature = "ssr"))]
    let branded = false;
    // The request's language (see `i18n`).
    let lang = crate::i18n::page_lang().code();
    let assets = use_context::<AssetVersion>().map(|v| format!("/pkg/{}", v.0)).unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // No icon to fetch: spares every visitor a 404.
                <link rel="icon" href="data:," />
                <HydrationScripts options root=assets.clone() islands=true />
                <link rel="stylesheet" id="leptos" href=format!("{assets}/pkg/latchkey.css") />
                <MetaTags />
                {branded.then(|| view! { <link rel="stylesheet" href="/brand.css" /> })}
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts only from this site and, inline, only the one carrying this response's nonce. No
/// `unsafe-inline` anywhere.
#[cfg(feature = "ssr")]
fn set_page_policy() {
    use http::{HeaderValue, header};
    use leptos::nonce::use_nonce;
    use leptos_axum::ResponseOptions;

    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let Some(k) = use_context::<latchkey_domain::Latchkey>() else {
        return;
    };
    let http = &k.config().http;
    // The logo's origin (`LATCHKEY_LOGO_URL`) and nothing more besides this site's images.
    let logo = http.brand.logo_origin().map(|origin| format!(" {origin}")).unwrap_or_default();
    // A form's answer may lead to where a login returns (`LATCHKEY_RETURN_ORIGINS`, or the
    // application an OpenID Connect sign-in goes back to), and browsers hold the redirect a
    // form's POST is answered with to `form-action` too.
    let application = crate::ssr::application_after_login();
    let returns: String = http
        .return_origins
        .iter()
        .map(|origin| origin.ascii_serialization())
        .chain(application)
        .map(|origin| format!(" {origin}"))
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:{logo}; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{returns}; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}
