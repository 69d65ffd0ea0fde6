use latchkey_policy::PasswordPolicy;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{ApiError, Reset, ResetLinkView, check_reset_link, current_policy},
    at_hand,
    components::{FormAlert, NewPasswordFields},
    i18n::{Lang, use_lang},
};

/// `/auth/reset/code?token=…`: the link from the email. Shows the new-password form while the
/// link is usable, otherwise says it is invalid or has expired and offers a new one.
#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    view! {
        <Title text=lang.t("reset-title") />
        <section class="card" aria-labelledby="reset-heading">
            <FormOrInvalid token />
        </section>
    }
}

/// The link and the configured policy: at hand on the server (its guard looked the link up
/// before rendering), fetched by the single-page app (or when that look-up failed).
#[component]
fn FormOrInvalid(token: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    let value = token.get_untracked();
    if let (Some(link), Some(policy)) = (at_hand::reset_link(&value), at_hand::policy()) {
        return form_or_invalid(value, link, Ok(policy), lang);
    }
    let link = Resource::new(move || token.get(), check_reset_link);
    let policy = OnceResource::new(current_policy());
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("reset-checking")}</p> }>
            {move || Suspend::new(async move {
                form_or_invalid(token.get_untracked(), link.await, policy.await, lang)
            })}
        </Suspense>
    }
    .into_any()
}

/// The form for a usable link; otherwise why not.
fn form_or_invalid(
    token: String,
    link: Result<ResetLinkView, ApiError>,
    policy: Result<PasswordPolicy, ApiError>,
    lang: Lang,
) -> AnyView {
    match (link, policy) {
        (Ok(link), Ok(policy)) => view! { <ResetForm token link policy /> }.into_any(),
        (Err(ApiError::InvalidResetLink), _) => {
            super::answer_with(410);
            view! { <InvalidLink /> }.into_any()
        }
        (Err(err), _) | (_, Err(err)) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

/// The new password, twice (see `NewPasswordFields`). An invitation's link opens the same form,
/// worded as setting up the account.
#[component]
fn ResetForm(token: String, link: ResetLinkView, policy: PasswordPolicy) -> impl IntoView {
    let lang = use_lang();
    let reset = ServerAction::<Reset>::new();
    let error = action_error(reset);
    let link_gone = move || matches!(error.get(), Some(ApiError::InvalidResetLink));
    let ResetLinkView { email, invited } = link;
    let heading = if invited { "reset-heading-invited" } else { "reset-heading" };
    let button = if invited { "button-set-password" } else { "button-reset" };
    let (token, email, policy) = (StoredValue::new(token), StoredValue::new(email), StoredValue::new(policy));
    view! {
        <Show when=move || !link_gone() fallback=|| view! { <InvalidLink /> }>
            <h1 id="reset-heading">{lang.t(heading)}</h1>
            <p>{lang.t("reset-for")} " " <strong>{email.get_value()}</strong></p>
            <ActionForm action=reset>
                <FormAlert error />
                <input type="hidden" name="token" value=token.get_value() />
                // Unnamed, so never sent: tells password managers which account this is for.
                <input type="email" autocomplete="username" value=email.get_value() hidden readonly />
                <NewPasswordFields
                    policy=policy.get_value()
                    email=email.get_value()
                    password_error=field_error(error, "password")
                    confirm_error=field_error(error, "confirm")
                />
                <button type="submit">{lang.t(button)}</button>
            </ActionForm>
        </Show>
    }
}

#[component]
fn InvalidLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1 id="reset-heading">{lang.t("invalid-link-heading")}</h1>
        <p>{lang.t("invalid-link-explained")}</p>
        <a class="button" href="/auth/forgot">
            {lang.t("request-new-link")}
        </a>
    }
}
