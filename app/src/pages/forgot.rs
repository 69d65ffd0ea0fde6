use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{Forgot, forgot::SENT},
    components::{EmailField, FormAlert},
};

/// `/auth/forgot`: Email and **Reset**; then (`?sent=1`) the same confirmation for every address.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let query = use_query_map();
    let sent = Memo::new(move |_| query.read().get("sent").is_some());
    let forgot = ServerAction::<Forgot>::new();
    let error = action_error(forgot);
    // The address typed: from the answer (hydrated), or from the server's short-lived cookie
    // after a plain form post (never from the URL).
    #[cfg(feature = "ssr")]
    let remembered = crate::ssr::TypedEmail::Forgot.remembered();
    #[cfg(not(feature = "ssr"))]
    let remembered: Option<String> = None;
    let typed = Signal::derive(move || {
        forgot.value().get().and_then(Result::ok).map(|sent| sent.email).or_else(|| remembered.clone())
    });
    view! {
        <Title text="Forgot password" />
        <section class="card" aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">"Reset your password"</h1>
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <p>
                            "Enter the email address of your account and we will send you a link "
                            "to choose a new password."
                        </p>
                        <ActionForm action=forgot>
                            <FormAlert error />
                            <EmailField error=field_error(error, "email") />
                            <button type="submit">"Reset"</button>
                        </ActionForm>
                    }
                }
            >
                <p class="notice" role="status">
                    {move || typed.get().map(|email| view! { <strong>{email}</strong> ": " })}
                    {SENT}
                </p>
            </Show>
            <p class="below-form">
                <a href="/auth/login">"Back to login"</a>
            </p>
        </section>
    }
}
