use latchkey_i18n::{Lang, Message, number};
use latchkey_policy::{PasswordPolicy, PasswordProblem, check_password, strength};
use leptos::prelude::*;

use super::PasswordField;
use crate::{api::ApiError, i18n::use_lang};

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
    let lang = use_lang();
    let requirements = requirements(&policy, lang);
    let rules = StoredValue::new((policy, email));
    let password_problem = Signal::derive(move || {
        let problems = rules.with_value(|(policy, email)| check_password(policy, &password.get(), email));
        (!problems.is_empty()).then(|| problems.iter().map(|p| p.message(lang)).collect::<Vec<_>>().join(" "))
    });
    let confirm_problem = Signal::derive(move || {
        let typed = confirm.get();
        (!typed.is_empty() && typed != password.get()).then(|| PasswordProblem::Mismatch.message(lang))
    });
    // The browser's message once the field has been left, else the server's.
    let shown = |touched: RwSignal<bool>, client: Signal<Option<String>>, field: &'static str| {
        Signal::derive(move || {
            touched
                .get()
                .then(|| client.get())
                .flatten()
                .or_else(|| error.get().and_then(|e| e.message_for(field, lang)))
        })
    };
    let password_error = shown(password_touched, password_problem, "password");
    let confirm_error = shown(confirm_touched, confirm_problem, "confirm");
    view! {
        <div id="password-rules" class="rules">
            <p>{lang.t("rules-intro")}</p>
            <ul>{requirements.into_iter().map(|rule| view! { <li>{rule}</li> }).collect_view()}</ul>
        </div>
        <PasswordField
            name="password"
            label=lang.t("field-new-password")
            value=password
            problem=password_problem
            error=password_error
            touched=password_touched
            hint_id="password-rules"
        />
        <p class="strength" aria-live="polite">
            {move || strength(&password.get()).map(|s| s.message(lang))}
        </p>
        <PasswordField
            name="confirm"
            label=lang.t("field-confirm-password")
            value=confirm
            problem=confirm_problem
            error=confirm_error
            touched=confirm_touched
        />
    }
}

/// The rules in force, in words, shown before anything is typed.
fn requirements(policy: &PasswordPolicy, lang: Lang) -> Vec<String> {
    let count = |n: usize| number(n as i64);
    let mut rules = vec![
        lang.t_with("rule-length", &[("min", count(policy.min_length)), ("max", count(policy.max_length))]),
        lang.t("rule-no-email"),
        lang.t("rule-not-common"),
    ];
    if policy.multi_case {
        rules.push(lang.t("rule-mixed-case"));
    }
    if policy.min_numeric > 0 {
        rules.push(lang.t_with("rule-digits", &[("min", count(policy.min_numeric))]));
    }
    if policy.min_special > 0 {
        rules.push(lang.t_with("rule-symbols", &[("min", count(policy.min_special))]));
    }
    if policy.disable_sequential {
        rules.push(lang.t("rule-no-runs"));
    }
    rules
}
