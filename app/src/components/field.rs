use leptos::prelude::*;

use super::caps_lock::CapsLock;
use crate::i18n::t;

/// A labelled input with its error tied to it: `<label for>`, `aria-describedby` pointing at
/// the message, `aria-invalid` while there is one. Rendered on the server only (the browser
/// submits it as a plain form); a `password` field's input is an island, for its Caps Lock hint.
#[component]
pub fn Field(
    /// The input's `name` and `id`.
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// The value to show when the form is rendered again after a failed submission (never a
    /// password's).
    #[prop(into, optional)]
    value: Signal<String>,
    #[prop(optional)] maxlength: Option<usize>,
    /// May be left empty.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let input = if kind == "password" {
        view! { <PasswordInput name autocomplete error described_by=error_id.clone() caps_lock=t("caps-lock-on") /> }
            .into_any()
    } else {
        view! {
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                maxlength=maxlength
                required=!optional
                value=move || value.get()
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=error_id.clone()
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {input}
            <p class="field-error" id=error_id>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A password the person already has (to log in, or to confirm a change), and the hint that
/// Caps Lock is on. Its words come as props, so the browser needs no catalogue.
#[island]
fn PasswordInput(
    #[prop(into)] name: String,
    #[prop(into)] autocomplete: String,
    #[prop(into)] error: Signal<Option<String>>,
    described_by: String,
    /// "Caps Lock is on", in the page's language.
    caps_lock: String,
) -> impl IntoView {
    let caps = CapsLock::new();
    view! {
        <input
            id=name.clone()
            name=name
            type="password"
            autocomplete=autocomplete
            required
            aria-invalid=move || error.get().map(|_| "true")
            aria-describedby=described_by
            on:keyup=caps.track()
        />
        {caps.hint(caps_lock)}
    }
}
