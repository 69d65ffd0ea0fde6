use latchkey_policy::{PasswordPolicy, PasswordProblem, check_password, strength_hint};
use leptos::prelude::*;

use super::PasswordField;
use crate::api::ApiError;

/// **New password** and **Confirm new password**, with the rules in words above them. With
/// JavaScript the rules the server applies are checked as the person types (the same Rust
/// code); without it the server's messages come back with the form. Used by the reset page,
/// the invitation page and the change-password page alike.
#[component]
pub fn NewPasswordFields(
    policy: PasswordPolicy,
    /// The account's address: a password may not contain its local part.
    email: String,
    /// The latest error of the form's action, for the server's messages.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let (password, confirm) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (password_touched, confirm_touched) = (RwSignal::new(false), RwSignal::new(false));
    let requirements = requirements(&policy);
    let rules = StoredValue::new((policy, email));
    let password_problem = Signal::derive(move || {
        let problems = rules.with_value(|(policy, email)| check_password(policy, &password.get(), email));
        (!problems.is_empty()).then(|| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
    });
    let confirm_problem = Signal::derive(move || {
        let typed = confirm.get();
        (!typed.is_empty() && typed != password.get()).then(|| PasswordProblem::Mismatch.to_string())
    });
    // The browser's message once the field has been left, else the server's.
    let shown = |touched: RwSignal<bool>, client: Signal<Option<String>>, field: &'static str| {
        Signal::derive(move || {
            touched.get().then(|| client.get()).flatten().or_else(|| error.get().and_then(|e| e.message_for(field)))
        })
    };
    let password_error = shown(password_touched, password_problem, "password");
    let confirm_error = shown(confirm_touched, confirm_problem, "confirm");
    view! {
        <div id="password-rules" class="rules">
            <p>"Your new password must be:"</p>
            <ul>{requirements.into_iter().map(|rule| view! { <li>{rule}</li> }).collect_view()}</ul>
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
