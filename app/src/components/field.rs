use leptos::prelude::*;

use super::caps_lock::CapsLock;

/// A labelled input with its error tied to it: `<label for>`, `aria-describedby` pointing at
/// the message, `aria-invalid` while there is one.
#[component]
pub fn Field(
    /// The input's `name` and `id`.
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// The value to show when the form is rendered again after a failed submission.
    #[prop(into, optional)]
    value: Signal<String>,
    #[prop(optional)] maxlength: Option<usize>,
    /// May be left empty.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let caps = CapsLock::new();
    view! {
        <div class="field">
            <label for=name>{label}</label>
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
                on:keyup=caps.track()
            />
            {(kind == "password").then(|| caps.hint())}
            <p class="field-error" id=error_id>
                {move || error.get()}
            </p>
        </div>
    }
}
