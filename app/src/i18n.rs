//! The language of the page: the server chooses it for each request (the `?lang=` a person
//! clicked, else the cookie remembering it, else `Accept-Language`) and writes it into
//! `<html lang>`. The islands that come to life in the browser get their words from the server
//! as props, so the wasm needs no catalogue. The single-page app works the language out in the
//! browser the same way as the server and carries the catalogue.

pub use latchkey_i18n::{Lang, Message};
use leptos::prelude::*;

/// The page's language, as `App` provided it.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Message `id` in the page's language.
pub fn t(id: &str) -> String {
    use_lang().t(id)
}

/// **API Owner** or **API Consumer**, in `lang`.
pub fn role_label(role: crate::api::Role, lang: Lang) -> String {
    lang.t(match role {
        crate::api::Role::Owner => "role-owner",
        crate::api::Role::Consumer => "role-consumer",
    })
}

/// The language of this request (server), of this document (hydrating), or of this browser
/// (single-page app).
pub fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Lang>().copied())
        .unwrap_or_default();
    #[cfg(all(not(feature = "ssr"), not(feature = "csr")))]
    return document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    #[cfg(all(not(feature = "ssr"), feature = "csr"))]
    return browser::lang();
}

/// The single-page app has no server in front of it to remember the choice: it keeps the
/// language cookie itself.
#[cfg(all(not(feature = "ssr"), feature = "csr"))]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::Lang;

    pub fn lang() -> Lang {
        let search = window().location().search().unwrap_or_default();
        let chosen = latchkey_i18n::chosen_in(&search).and_then(Lang::from_code);
        let html = document().dyn_into::<web_sys::HtmlDocument>().ok();
        if let (Some(lang), Some(html)) = (&chosen, &html) {
            let _ = html.set_cookie(&format!(
                "{}={}; path=/; max-age=31536000; samesite=lax",
                latchkey_i18n::COOKIE,
                lang.code()
            ));
        }
        let remembered = || {
            let cookies = html.as_ref()?.cookie().ok()?;
            cookies
                .split(';')
                .find_map(|c| c.trim().strip_prefix(&format!("{}=", latchkey_i18n::COOKIE)).and_then(Lang::from_code))
        };
        let browser = || {
            let languages: Vec<String> =
                window().navigator().languages().iter().filter_map(|l| l.as_string()).collect();
            Lang::negotiate(&languages.join(","))
        };
        let lang = chosen.or_else(remembered).unwrap_or_else(browser);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", &lang.code());
        }
        lang
    }
}
