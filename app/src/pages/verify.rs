use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{ApiError, SecondFactor, second_factor_methods},
    components::{Field, FormAlert},
    i18n::{Lang, use_lang},
};

/// `/auth/login/verify`: **Two-step verification** after a right password. **Code** (an
/// authenticator app's, or a recovery code) and **Verify**; only a right code signs in. When
/// this browser holds no second step (any more), it says so and leads back to the login page.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let verify = ServerAction::<SecondFactor>::new();
    let methods = Resource::new(move || verify.version().get(), |_| second_factor_methods());
    Effect::new(move |_| {
        if let Some(Ok(done)) = verify.value().get() {
            let _ = window().location().set_href(&done.next);
        }
    });
    view! {
        <Title text=lang.t("verify-title") />
        <section class="card" aria-labelledby="verify-heading">
            <h1 id="verify-heading">{lang.t("verify-heading")}</h1>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move { step(methods.await, verify, lang) })}
            </Suspense>
        </section>
    }
}

/// The form while the step lasts; else that it has ended.
fn step(methods: Result<Option<Vec<String>>, ApiError>, verify: ServerAction<SecondFactor>, lang: Lang) -> AnyView {
    match methods {
        Ok(Some(methods)) => {
            let code = methods.iter().any(|m| m == "totp");
            let passkey = methods.iter().any(|m| m == "passkey");
            view! {
                {code.then(|| view! { <VerifyForm verify /> })}
                {passkey
                    .then(|| {
                        view! {
                            <p>{lang.t(if code { "verify-passkey-too" } else { "verify-passkey-intro" })}</p>
                            <super::PasskeySignIn label=lang.t("button-use-passkey") autofill=false />
                        }
                    })}
            }
            .into_any()
        }
        Ok(None) => view! {
            <p role="alert">{lang.t("verify-ended")}</p>
            <a class="button" href="/auth/login">
                {lang.t("link-log-in-again")}
            </a>
        }
        .into_any(),
        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

#[component]
fn VerifyForm(verify: ServerAction<SecondFactor>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(verify);
    let return_to = use_query_map().with_untracked(|query| query.get("return_to"));
    view! {
        <p>{lang.t("verify-intro")}</p>
        <ActionForm action=verify>
            <FormAlert error />
            <Field name="code" label=lang.t("field-code") autocomplete="one-time-code" error=field_error(error, "code") />
            {return_to.map(|to| view! { <input type="hidden" name="return_to" value=to /> })}
            <button type="submit">{lang.t("button-verify")}</button>
        </ActionForm>
    }
}
