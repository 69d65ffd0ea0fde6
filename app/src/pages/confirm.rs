use latchkey_i18n::text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{IfSignupOn, action_error};
use crate::{
    api::{ApiError, Confirm, check_confirm_link},
    components::FormAlert,
    i18n::use_lang,
    site::Site,
};

/// `/auth/confirm?token=…`: the link from the sign-up's email. Opening it uses nothing: the
/// **Confirm** button does. A link that cannot be used says so and offers to sign up again.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! { <IfSignupOn off=|| view! { <super::NotFoundPage /> }>{|| view! { <ConfirmCard /> }}</IfSignupOn> }
}

#[component]
fn ConfirmCard() -> impl IntoView {
    let lang = use_lang();
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let link = Resource::new(move || token.clone(), check_confirm_link);
    view! {
        <Title text=lang.t("confirm-title") />
        <section class="card" aria-labelledby="confirm-heading">
            <Suspense fallback=move || view! { <p>{lang.t("reset-checking")}</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(link) => view! { <ConfirmForm email=link.email /> }.into_any(),
                        Err(ApiError::InvalidConfirmLink) => {
                            super::answer_with(410);
                            view! { <InvalidLink /> }.into_any()
                        }
                        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ConfirmForm(email: String) -> impl IntoView {
    let lang = use_lang();
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let confirm = ServerAction::<Confirm>::new();
    let error = action_error(confirm);
    let link_gone = move || matches!(error.get(), Some(ApiError::InvalidConfirmLink));
    let (email, token) = (StoredValue::new(email), StoredValue::new(token));
    // The single-page app goes on to the outcome itself (a plain form follows the redirect).
    Effect::new(move |_| {
        if let Some(Ok(state)) = confirm.value().get() {
            let pending = state == crate::api::SignupState::WaitingForApproval;
            let _ = window().location().set_href(if pending {
                "/auth/confirm/done?pending=1"
            } else {
                "/auth/confirm/done"
            });
        }
    });
    view! {
        <Show when=move || !link_gone() fallback=|| view! { <InvalidLink /> }>
            <h1 id="confirm-heading">{lang.t("confirm-heading")}</h1>
            <p>{lang.t("reset-for")} " " <strong>{email.get_value()}</strong></p>
            <p>{lang.t("confirm-intro")}</p>
            <ActionForm action=confirm>
                <FormAlert error />
                <input type="hidden" name="token" value=token.get_value() />
                <button type="submit">{lang.t("button-confirm")}</button>
            </ActionForm>
        </Show>
    }
}

#[component]
fn InvalidLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1 id="confirm-heading">{lang.t("invalid-link-heading")}</h1>
        <p>{lang.t("confirm-invalid-explained")}</p>
        <p>
            <a class="button" href="/auth/login">{lang.t("button-login")}</a>
            " "
            <a href="/auth/signup">{lang.t("signup-link")}</a>
        </p>
    }
}

/// `/auth/confirm/done`: the address is confirmed. The account is ready (**Login**), or, with
/// `?pending=1`, waits for an API Owner's approval.
#[component]
pub fn ConfirmDonePage() -> impl IntoView {
    let lang = use_lang();
    let pending = use_query_map().with_untracked(|query| query.get("pending").is_some());
    let portal = expect_context::<Site>().portal_name().unwrap_or_default();
    let (title, message) = if pending {
        (lang.t("confirm-pending-title"), lang.t_with("confirm-pending-message", &[("portal", text(portal))]))
    } else {
        (lang.t("confirm-ready-title"), lang.t("confirm-ready-message"))
    };
    view! {
        <Title text=title.clone() />
        <section class="card" aria-labelledby="done-heading">
            <h1 id="done-heading">{title}</h1>
            <p role="status">{message}</p>
            {(!pending).then(|| view! { <a class="button" href="/auth/login">{lang.t("button-login")}</a> })}
        </section>
    }
}
