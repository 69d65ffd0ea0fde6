use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::Forgot,
    at_hand,
    components::{EmailField, FormAlert},
    i18n::use_lang,
};

/// `/auth/forgot`: Email and **Reset**; then (`?sent=1`) the same confirmation for every address.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let sent = Memo::new(move |_| query.read().get("sent").is_some());
    let forgot = ServerAction::<Forgot>::new();
    let error = action_error(forgot);
    // The address typed: from the answer (single-page app), or from the server's short-lived
    // cookie after a plain form post (never from the URL).
    let remembered = at_hand::forgot_email();
    let typed = Signal::derive(move || {
        forgot.value().get().and_then(Result::ok).map(|sent| sent.email).or_else(|| remembered.clone())
    });
    view! {
        <Title text=lang.t("forgot-title") />
        <section class="card" aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">{lang.t("forgot-heading")}</h1>
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <p>{lang.t("forgot-intro")}</p>
                        <ActionForm action=forgot>
                            <FormAlert error />
                            <EmailField error=field_error(error, "email") />
                            <button type="submit">{lang.t("button-reset")}</button>
                        </ActionForm>
                    }
                }
            >
                <p class="notice" role="status">
                    {move || typed.get().map(|email| view! { <strong>{email}</strong> ": " })}
                    {lang.t("forgot-sent")}
                </p>
            </Show>
            <p class="below-form">
                <a href="/auth/login">{lang.t("back-to-login")}</a>
            </p>
        </section>
    }
}
