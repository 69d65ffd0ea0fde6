use latchkey_i18n::{Lang, Message, number};
use latchkey_policy::{PasswordPolicy, PasswordProblem, Strength, check_password, possible_problems, strength};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::PasswordField;
use crate::i18n::use_lang;

/// **New password** and **Confirm new password**, with the rules in words above them. With
/// JavaScript the rules the server applies are checked as the person types (the same Rust
/// code, in the island below); without it the server's messages come back with the form. Used
/// by the reset page, the invitation page and the change-password page alike.
#[component]
pub fn NewPasswordFields(
    policy: PasswordPolicy,
    /// The account's address: a password may not contain its local part.
    email: String,
    /// The server's messages for the two fields, from the form's latest answer.
    #[prop(into)]
    password_error: Signal<Option<String>>,
    #[prop(into)] confirm_error: Signal<Option<String>>,
    /// A new account's first password (sign-up): **Password** and **Confirm password**.
    #[prop(optional)]
    first: bool,
) -> impl IntoView {
    let lang = use_lang();
    let words = PasswordWords::new(&policy, lang, first);
    view! {
        <div id="password-rules" class="rules">
            <p>{lang.t("rules-intro")}</p>
            <ul>{requirements(&policy, lang).into_iter().map(|rule| view! { <li>{rule}</li> }).collect_view()}</ul>
        </div>
        <NewPasswordInputs policy email words password_error confirm_error />
    }
}

/// The two fields and the strength hint: the interactive part, hydrated in the browser.
#[island]
fn NewPasswordInputs(
    policy: PasswordPolicy,
    email: String,
    words: PasswordWords,
    #[prop(into)] password_error: Signal<Option<String>>,
    #[prop(into)] confirm_error: Signal<Option<String>>,
) -> impl IntoView {
    let (password, confirm) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (password_touched, confirm_touched) = (RwSignal::new(false), RwSignal::new(false));
    let words = StoredValue::new(words);
    let rules = StoredValue::new((policy, email));
    let password_problem = Signal::derive(move || {
        let problems = rules.with_value(|(policy, email)| check_password(policy, &password.get(), email));
        (!problems.is_empty())
            .then(|| words.with_value(|words| problems.iter().map(|p| words.problem(p)).collect::<Vec<_>>().join(" ")))
    });
    let confirm_problem = Signal::derive(move || {
        let typed = confirm.get();
        (!typed.is_empty() && typed != password.get())
            .then(|| words.with_value(|w| w.problem(&PasswordProblem::Mismatch)))
    });
    // The browser's message once the field has been left, else the server's.
    let shown = |touched: RwSignal<bool>, client: Signal<Option<String>>, server: Signal<Option<String>>| {
        Signal::derive(move || touched.get().then(|| client.get()).flatten().or_else(|| server.get()))
    };
    let password_shown = shown(password_touched, password_problem, password_error);
    let confirm_shown = shown(confirm_touched, confirm_problem, confirm_error);
    let (new_label, confirm_label) = words.with_value(|w| (w.new_label.clone(), w.confirm_label.clone()));
    view! {
        <PasswordField
            name="password"
            label=new_label
            value=password
            problem=password_problem
            error=password_shown
            touched=password_touched
            hint_id="password-rules"
            words
        />
        <p class="strength" aria-live="polite">
            {move || strength(&password.get()).map(|s| words.with_value(|w| w.strength(s)))}
        </p>
        <PasswordField
            name="confirm"
            label=confirm_label
            value=confirm
            problem=confirm_problem
            error=confirm_shown
            touched=confirm_touched
            words
        />
    }
}

/// The words the password fields show as a person types, in the page's language: worked out
/// where the catalogue is (the server, or the single-page app) and handed to the island, so
/// the wasm bundle that hydrates server pages carries no catalogue.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PasswordWords {
    new_label: String,
    confirm_label: String,
    pub(super) show: String,
    pub(super) hide: String,
    pub(super) caps_lock: String,
    /// The message of every problem the policy's checks can give.
    problems: Vec<(PasswordProblem, String)>,
    strengths: Vec<(Strength, String)>,
}

impl PasswordWords {
    pub fn new(policy: &PasswordPolicy, lang: Lang, first: bool) -> PasswordWords {
        let [new_label, confirm_label] = if first {
            ["field-first-password", "field-first-confirm"]
        } else {
            ["field-new-password", "field-confirm-password"]
        };
        PasswordWords {
            new_label: lang.t(new_label),
            confirm_label: lang.t(confirm_label),
            show: lang.t("button-show"),
            hide: lang.t("button-hide"),
            caps_lock: lang.t("caps-lock-on"),
            problems: possible_problems(policy).into_iter().map(|p| (p.clone(), p.message(lang))).collect(),
            strengths: Strength::ALL.into_iter().map(|s| (s, s.message(lang))).collect(),
        }
    }

    /// The message for `problem`; English should a policy's problem be missing (it cannot be:
    /// `possible_problems` lists them all, and a test holds it to that).
    fn problem(&self, problem: &PasswordProblem) -> String {
        self.problems.iter().find(|(p, _)| p == problem).map_or_else(|| problem.to_string(), |(_, m)| m.clone())
    }

    fn strength(&self, strength: Strength) -> String {
        self.strengths.iter().find(|(s, _)| *s == strength).map(|(_, m)| m.clone()).unwrap_or_default()
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
