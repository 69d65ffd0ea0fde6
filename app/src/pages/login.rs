use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::Login,
    at_hand,
    components::{EmailField, Field, FormAlert},
    i18n::use_lang,
};

/// `/auth/login`: Email, Password, **Login**, and **Forgot Password?** below the form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    // A failed login comes back as a new page: the server kept the typed address in a
    // short-lived cookie (never in the URL). In the single-page app the field keeps it anyway.
    let typed_email = Signal::stored(at_hand::login_email().unwrap_or_default());
    // Where to go after logging in (the server decides whether it may); kept across failures.
    let return_to = use_query_map().with_untracked(|query| query.get("return_to"));
    Effect::new(move |_| {
        if let Some(Ok(done)) = login.value().get() {
            let _ = window().location().set_href(done.next());
        }
    });
    view! {
        <Title text=lang.t("login-title") />
        <section class="card" aria-labelledby="login-heading">
            <h1 id="login-heading">{lang.t("login-heading")}</h1>
            <ActionForm action=login>
                <FormAlert error />
                <EmailField error=field_error(error, "email") value=typed_email passkeys=true />
                <Field
                    name="password"
                    label=lang.t("field-password")
                    kind="password"
                    autocomplete="current-password"
                    error=field_error(error, "password")
                />
                {return_to.map(|to| view! { <input type="hidden" name="return_to" value=to /> })}
                <button type="submit">{lang.t("button-login")}</button>
            </ActionForm>
            <p class="below-form">
                <a href="/auth/forgot">{lang.t("forgot-password-link")}</a>
            </p>
            <super::PasskeySignIn label=lang.t("button-passkey-sign-in") autofill=true />
            <super::IfSignupOn off=|| ()>
                {move || view! { <p class="below-form"><a href="/auth/signup">{lang.t("signup-link")}</a></p> }}
            </super::IfSignupOn>
        </section>
    }
}
