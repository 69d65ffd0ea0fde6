use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error, security::SetUpButton};
use crate::{
    api::{ApiError, AppSetupView, TurnOnApp, app_setup},
    components::{Field, FormAlert},
    i18n::{Lang, use_lang},
    routes::RECOVERY_CODES_PAGE,
};

/// `/account/security/app?setup=…`: **Set up authenticator app**. The QR code (drawn by the
/// server), the secret as text and the `otpauth://` link; **Code** and **Turn on**. The secret
/// travels sealed in the URL, so a wrong code shows the same one again.
#[component]
pub fn AppSetupPage() -> impl IntoView {
    let lang = use_lang();
    let sealed = use_query_map().with_untracked(|query| query.get("setup"));
    view! {
        <Title text=lang.t("setup-title") />
        <section class="card" aria-labelledby="setup-heading">
            <h1 id="setup-heading">{lang.t("setup-heading")}</h1>
            {match sealed {
                Some(sealed) => view! { <Setup sealed /> }.into_any(),
                None => view! { <SetUpButton /> }.into_any(),
            }}
            <p class="below-form">
                <a href="/account/security">{lang.t("link-back-security")}</a>
            </p>
        </section>
    }
}

#[component]
fn Setup(sealed: String) -> impl IntoView {
    let lang = use_lang();
    let setup = OnceResource::new(app_setup(sealed));
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
            {move || Suspend::new(async move { setup_or_error(setup.await, lang) })}
        </Suspense>
    }
}

fn setup_or_error(setup: Result<AppSetupView, ApiError>, lang: Lang) -> AnyView {
    match setup {
        Ok(setup) => view! { <SetupForm setup /> }.into_any(),
        // Too old, or for someone else: a new one.
        Err(ApiError::SetupExpired) => view! {
            <p role="alert">{ApiError::SetupExpired.message(lang)}</p>
            <SetUpButton />
        }
        .into_any(),
        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

#[component]
fn SetupForm(setup: AppSetupView) -> impl IntoView {
    let lang = use_lang();
    let turn_on = ServerAction::<TurnOnApp>::new();
    let error = action_error(turn_on);
    Effect::new(move |_| {
        if let Some(Ok(_)) = turn_on.value().get() {
            let _ = window().location().set_href(RECOVERY_CODES_PAGE);
        }
    });
    view! {
        <p>{lang.t("setup-scan")}</p>
        <div class="qr-code" role="img" aria-label=lang.t("setup-qr") inner_html=setup.qr_svg></div>
        <dl class="details">
            <dt>{lang.t("setup-secret")}</dt>
            <dd>
                <code class="secret">{setup.secret}</code>
            </dd>
            <dt>{lang.t("setup-uri")}</dt>
            <dd>
                <a class="secret" href=setup.uri.clone()>
                    {setup.uri.clone()}
                </a>
            </dd>
        </dl>
        <ActionForm action=turn_on>
            <FormAlert error />
            <input type="hidden" name="setup" value=setup.setup />
            <Field name="code" label=lang.t("field-code") autocomplete="one-time-code" error=field_error(error, "code") />
            <button type="submit">{lang.t("button-turn-on")}</button>
        </ActionForm>
    }
}
