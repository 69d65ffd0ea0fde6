use latchkey_policy::PasswordPolicy;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::action_error;
use crate::{
    api::{ApiError, Reset, ResetLinkView, check_reset_link, current_policy},
    components::{FormAlert, NewPasswordFields},
};

/// `/auth/reset/code?token=…`: the link from the email. Shows the new-password form while the
/// link is usable, otherwise says it is invalid or has expired and offers a new one.
#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let link = Resource::new(move || token.get(), check_reset_link);
    let policy = OnceResource::new(current_policy());
    view! {
        <Title text="Choose a new password" />
        <section class="card" aria-labelledby="reset-heading">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match (link.await, policy.await) {
                        (Ok(link), Ok(policy)) => {
                            view! { <ResetForm token=token.get_untracked() link policy /> }.into_any()
                        }
                        (Err(ApiError::InvalidResetLink), _) => view! { <InvalidLink /> }.into_any(),
                        (Err(err), _) | (_, Err(err)) => {
                            view! { <p role="alert">{err.to_string()}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The new password, twice (see `NewPasswordFields`). An invitation's link opens the same form,
/// worded as setting up the account.
#[component]
fn ResetForm(token: String, link: ResetLinkView, policy: PasswordPolicy) -> impl IntoView {
    let reset = ServerAction::<Reset>::new();
    let error = action_error(reset);
    let link_gone = move || matches!(error.get(), Some(ApiError::InvalidResetLink));
    let ResetLinkView { email, invited } = link;
    let heading = if invited { "Choose a password for your account" } else { "Choose a new password" };
    let button = if invited { "Set password" } else { "Reset" };
    let (token, email, policy) = (StoredValue::new(token), StoredValue::new(email), StoredValue::new(policy));
    view! {
        <Show when=move || !link_gone() fallback=|| view! { <InvalidLink /> }>
            <h1 id="reset-heading">{heading}</h1>
            <p>"For " <strong>{email.get_value()}</strong></p>
            <ActionForm action=reset>
                <FormAlert error />
                <input type="hidden" name="token" value=token.get_value() />
                // Unnamed, so never sent: tells password managers which account this is for.
                <input type="email" autocomplete="username" value=email.get_value() hidden readonly />
                <NewPasswordFields policy=policy.get_value() email=email.get_value() error />
                <button type="submit">{button}</button>
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
