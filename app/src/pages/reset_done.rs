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
    let [title, heading, message, button] = if welcome {
        ["done-title-welcome", "done-heading-welcome", "done-message-welcome", "button-login"]
    } else {
        ["done-title-reset", "done-heading-reset", "done-message-reset", "login-again"]
    };
    view! {
        <Title text=lang.t(title) />
        <section class="card" aria-labelledby="done-heading">
            <h1 id="done-heading">{lang.t(heading)}</h1>
            <p role="status">{lang.t(message)}</p>
            <a class="button" href="/auth/login">
                {lang.t(button)}
            </a>
        </section>
    }
}
