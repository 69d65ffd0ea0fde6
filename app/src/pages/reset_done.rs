use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_lang;

/// `/auth/reset/done`: after a successful reset (or, with `?welcome`, an accepted invitation).
/// Nobody is signed in: the person logs in with the new password.
#[component]
pub fn ResetDonePage() -> impl IntoView {
    let welcome = use_query_map().with_untracked(|query| query.get("welcome").is_some());
    let lang = use_lang();
    let (case, button) = if welcome { ("welcome", "button-login") } else { ("reset", "login-again") };
    let text = |part: &str| lang.t(&format!("done-{part}-{case}"));
    view! {
        <Title text=text("title") />
        <section class="card" aria-labelledby="done-heading">
            <h1 id="done-heading">{text("heading")}</h1>
            <p role="status">{text("message")}</p>
            <a class="button" href="/auth/login">
                {lang.t(button)}
            </a>
        </section>
    }
}
