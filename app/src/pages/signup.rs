use latchkey_i18n::text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{ApiError, FieldProblem, Signup, current_policy},
    at_hand,
    components::{EmailField, Field, FormAlert, NewPasswordFields},
    i18n::use_lang,
    site::Site,
};

/// `/auth/signup` (sign-up on): Name, Email, Password, Confirm password and **Create account**;
/// then (`?sent=1`) "Check your email", the same for every address. With sign-up off, the page
/// is not found.
#[component]
pub fn SignupPage() -> impl IntoView {
    view! { <IfSignupOn off=|| view! { <super::NotFoundPage /> }>{|| view! { <SignupCard /> }}</IfSignupOn> }
}

#[component]
fn SignupCard() -> impl IntoView {
    let lang = use_lang();
    let sent = use_query_map().with_untracked(|query| query.get("sent").is_some());
    let signup = ServerAction::<Signup>::new();
    // The address typed: from the answer (single-page app), or from the server's short-lived
    // cookie after a plain form post (never from the URL).
    let remembered = at_hand::signup_email();
    let answered = move || signup.value().get().and_then(Result::ok).map(|sent| sent.email);
    let typed = Signal::derive(move || answered().or_else(|| remembered.clone()));
    view! {
        <Title text=lang.t("signup-title") />
        <section class="card" aria-labelledby="signup-heading">
            <Show when=move || sent || answered().is_some() fallback=move || view! { <SignupForm signup typed /> }>
                <h1 id="signup-heading">{lang.t("signup-sent-heading")}</h1>
                <p class="notice" role="status">
                    {move || typed.get().map(|email| view! { <strong>{email}</strong> ": " })}
                    {lang.t("signup-sent")}
                </p>
            </Show>
            <p class="below-form">
                <a href="/auth/login">{lang.t("signup-have-account")}</a>
            </p>
        </section>
    }
}

/// The form, with the password policy (at hand on the server, fetched by the single-page app).
#[component]
fn SignupForm(signup: ServerAction<Signup>, typed: Signal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(signup);
    let site = expect_context::<Site>();
    let portal = site.portal_name().unwrap_or_default();
    let domains = site.signup_domains().join(", ");
    // A domain outside the rule is named from this page's own settings, never from the error.
    let email_error = Signal::derive(move || {
        let outside = error.get().is_some_and(|e| match e {
            ApiError::Invalid { fields } => fields.iter().any(|f| f.problem == FieldProblem::DomainNotAllowed),
            _ => false,
        });
        if outside && !domains.is_empty() {
            Some(lang.t_with("problem-domain-not-allowed", &[("domains", text(domains.clone()))]))
        } else {
            field_error(error, "email").get()
        }
    });
    let value = Signal::derive(move || typed.get().unwrap_or_default());
    let name = at_hand::signup_name().unwrap_or_default();
    let fields = move |policy| {
        view! {
            <NewPasswordFields
                policy
                email=String::new()
                password_error=field_error(error, "password")
                confirm_error=field_error(error, "confirm")
                first=true
            />
        }
    };
    let password_fields = match at_hand::policy() {
        Some(policy) => fields(policy).into_any(),
        None => {
            let policy = OnceResource::new(current_policy());
            view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match policy.await {
                            Ok(policy) => fields(policy).into_any(),
                            Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            }
            .into_any()
        }
    };
    view! {
        <h1 id="signup-heading">{lang.t("signup-heading")}</h1>
        <p>{lang.t_with("signup-intro", &[("portal", text(portal))])}</p>
        <ActionForm action=signup>
            <FormAlert error />
            <Field
                name="name"
                label=lang.t("field-name")
                autocomplete="name"
                optional=true
                error=field_error(error, "name")
                value=name
            />
            <EmailField error=email_error value />
            {password_fields}
            <button type="submit">{lang.t("button-create-account")}</button>
        </ActionForm>
    }
}

/// `children` when sign-up is on, else `off`.
#[component]
pub(crate) fn IfSignupOn(#[prop(into)] off: ViewFn, children: ChildrenFn) -> impl IntoView {
    view! { <crate::site::WhenSite when=|site| site.signup off children /> }
}
