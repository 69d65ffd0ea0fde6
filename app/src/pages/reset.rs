use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{ApiError, Reset, check_reset_link},
    components::{Field, FormAlert},
};

/// `/auth/reset/code?token=…`: the link from the email. Shows the new-password form while the
/// link is usable, otherwise says it is invalid or has expired and offers a new one.
#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let link = Resource::new(move || token.get(), check_reset_link);
    view! {
        <Title text="Choose a new password" />
        <section class="card" aria-labelledby="reset-heading">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(link) => {
                            view! { <ResetForm token=token.get_untracked() email=link.email /> }
                                .into_any()
                        }
                        Err(ApiError::InvalidResetLink) => view! { <InvalidLink /> }.into_any(),
                        Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ResetForm(token: String, email: String) -> impl IntoView {
    let reset = ServerAction::<Reset>::new();
    let error = action_error(reset);
    let link_gone = move || matches!(error.get(), Some(ApiError::InvalidResetLink));
    let (token, email) = (StoredValue::new(token), StoredValue::new(email));
    view! {
        <Show when=move || !link_gone() fallback=|| view! { <InvalidLink /> }>
            <h1 id="reset-heading">"Choose a new password"</h1>
            <p>"For " <strong>{email.get_value()}</strong></p>
            <ActionForm action=reset>
                <FormAlert error />
                <input type="hidden" name="token" value=token.get_value() />
                // Unnamed, so never sent: tells password managers which account this is for.
                <input type="email" autocomplete="username" value=email.get_value() hidden readonly />
                <Field
                    name="password"
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    error=field_error(error, "password")
                />
                <Field
                    name="confirm"
                    label="Confirm new password"
                    kind="password"
                    autocomplete="new-password"
                    error=field_error(error, "confirm")
                />
                <button type="submit">"Reset"</button>
            </ActionForm>
        </Show>
    }
}

#[component]
fn InvalidLink() -> impl IntoView {
    view! {
        <h1 id="reset-heading">"This link is invalid or has expired"</h1>
        <p>
            "Reset links work once, for a limited time, and only the newest one you asked for. "
            "Ask for a new link and use the email it sends."
        </p>
        <a class="button" href="/auth/forgot">
            "Request a new link"
        </a>
    }
}
