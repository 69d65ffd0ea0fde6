use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/auth/app-error`: an application sent the browser here with a client id Latchkey does not
/// know, or a redirect URI it has not registered. Nothing is sent back to that URI.
#[component]
pub fn AppErrorPage() -> impl IntoView {
    super::answer_with(400);
    let lang = crate::i18n::use_lang();
    let reason = use_query_map().with_untracked(|query| query.get("reason"));
    let explanation = match reason.as_deref() {
        Some("redirect-uri") => lang.t("app-error-redirect-uri"),
        _ => lang.t("app-error-unknown-app"),
    };
    view! {
        <Title text=lang.t("app-error-title") />
        <section class="card" aria-labelledby="app-error-heading">
            <h1 id="app-error-heading">{lang.t("app-error-title")}</h1>
            <p>{explanation}</p>
            <p>
                <a href="/auth/login">{lang.t("go-to-login")}</a>
            </p>
        </section>
    }
}
