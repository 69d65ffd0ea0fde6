use latchkey_policy::PasswordPolicy;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::{action_error, field_error};
use crate::{
    api::{AccountView, ApiError, ChangePassword, current_account, current_policy},
    at_hand,
    components::{Field, FormAlert, NewPasswordFields},
    i18n::{Lang, use_lang},
};

/// `/account/password`: **Current password**, **New password**, **Confirm new password**,
/// **Change password**. The new password is checked as on the reset page; success ends every
/// other session and comes back to the account page.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("change-title") />
        <section class="card" aria-labelledby="change-heading">
            <h1 id="change-heading">{lang.t("change-title")}</h1>
            <Form />
        </section>
    }
}

/// The form for the signed-in account, checked against the configured policy: both at hand on
/// the server (as on the account page), fetched by the single-page app.
#[component]
fn Form() -> impl IntoView {
    if let (Some(account), Some(policy)) = (at_hand::account(), at_hand::policy()) {
        return view! { <ChangePasswordForm email=account.email policy /> }.into_any();
    }
    let lang = use_lang();
    let account = OnceResource::new(current_account());
    let policy = OnceResource::new(current_policy());
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
            {move || Suspend::new(async move { form_or_login(account.await, policy.await, lang) })}
        </Suspense>
    }
    .into_any()
}

/// The form for the account; the login page (leading back here) when signed out.
fn form_or_login(
    account: Result<Option<AccountView>, ApiError>,
    policy: Result<PasswordPolicy, ApiError>,
    lang: Lang,
) -> AnyView {
    match (account, policy) {
        (Ok(Some(account)), Ok(policy)) => view! { <ChangePasswordForm email=account.email policy /> }.into_any(),
        (Ok(None), _) => view! { <Redirect path="/auth/login?return_to=/account/password" /> }.into_any(),
        (Err(err), _) | (_, Err(err)) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

#[component]
fn ChangePasswordForm(email: String, policy: PasswordPolicy) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    view! {
        <ActionForm action=change>
            <FormAlert error />
            // Unnamed, so never sent: tells password managers which account this is for.
            <input type="email" autocomplete="username" value=email.clone() hidden readonly />
            <Field
                name="current"
                label=lang.t("field-current-password")
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "current")
            />
            <NewPasswordFields
                policy
                email
                password_error=field_error(error, "password")
                confirm_error=field_error(error, "confirm")
            />
            <button type="submit">{lang.t("button-change-password")}</button>
        </ActionForm>
        <p class="below-form">
            <a href="/account">{lang.t("back-to-account")}</a>
        </p>
    }
}
