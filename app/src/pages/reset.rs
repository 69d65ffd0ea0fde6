use latchkey_policy::{PasswordPolicy, PasswordProblem, check_password, strength_hint};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{action_error, field_error};
use crate::{
    api::{ApiError, Reset, check_reset_link, current_policy},
    components::{FormAlert, PasswordField},
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
                            view! {
                                <ResetForm token=token.get_untracked() email=link.email policy />
                            }
                                .into_any()
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

/// The new password, twice. With JavaScript the same rules the server applies are checked as
/// the person types; without it the server's messages come back in the re-rendered form.
#[component]
fn ResetForm(token: String, email: String, policy: PasswordPolicy) -> impl IntoView {
    let reset = ServerAction::<Reset>::new();
    let error = action_error(reset);
    let link_gone = move || matches!(error.get(), Some(ApiError::InvalidResetLink));

    let (password, confirm) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (password_touched, confirm_touched) = (RwSignal::new(false), RwSignal::new(false));
    let rules = StoredValue::new((policy, email.clone()));
    let password_problem = Signal::derive(move || {
        let problems = rules.with_value(|(policy, email)| check_password(policy, &password.get(), email));
        (!problems.is_empty()).then(|| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
    });
    let confirm_problem = Signal::derive(move || {
        let typed = confirm.get();
        (!typed.is_empty() && typed != password.get()).then(|| PasswordProblem::Mismatch.to_string())
    });
    let shown = |touched: RwSignal<bool>, client: Signal<Option<String>>, field: &'static str| {
        let server = field_error(error, field);
        Signal::derive(move || touched.get().then(|| client.get()).flatten().or_else(|| server.get()))
    };
    let password_error = shown(password_touched, password_problem, "password");
    let confirm_error = shown(confirm_touched, confirm_problem, "confirm");
    let requirements = StoredValue::new(rules.with_value(|(policy, _)| requirements(policy)));
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
                <div id="password-rules" class="rules">
                    <p>"Your new password must be:"</p>
                    <ul>
                        {requirements.get_value().into_iter().map(|rule| view! { <li>{rule}</li> }).collect_view()}
                    </ul>
                </div>
                <PasswordField
                    name="password"
                    label="New password"
                    value=password
                    problem=password_problem
                    error=password_error
                    touched=password_touched
                    hint_id="password-rules"
                />
                <p class="strength" aria-live="polite">
                    {move || strength_hint(&password.get())}
                </p>
                <PasswordField
                    name="confirm"
                    label="Confirm new password"
                    value=confirm
                    problem=confirm_problem
                    error=confirm_error
                    touched=confirm_touched
                />
                <button type="submit">"Reset"</button>
            </ActionForm>
        </Show>
    }
}

/// The rules in force, in words, shown before anything is typed.
fn requirements(policy: &PasswordPolicy) -> Vec<String> {
    let mut rules = vec![
        format!("{} to {} characters long (spaces and any symbols are fine)", policy.min_length, policy.max_length),
        "free of your email address".to_owned(),
        "not one of the commonly used passwords".to_owned(),
    ];
    if policy.multi_case {
        rules.push("a mix of upper-case and lower-case letters".to_owned());
    }
    if policy.min_numeric > 0 {
        rules.push(format!("at least {} digit(s)", policy.min_numeric));
    }
    if policy.min_special > 0 {
        rules.push(format!("at least {} symbol(s)", policy.min_special));
    }
    if policy.disable_sequential {
        rules.push("free of runs like abc, 123 or 111".to_owned());
    }
    rules
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
