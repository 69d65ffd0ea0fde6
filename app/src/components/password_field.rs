use leptos::{html::Input, prelude::*};

use super::{caps_lock::CapsLock, new_password::PasswordWords};

/// A new-password input: a show/hide toggle (once the page is interactive), its message tied
/// to it, and the browser's own validity kept in step with the rules, so that a form with an
/// unmet rule is never sent.
#[component]
pub fn PasswordField(
    name: &'static str,
    #[prop(into)] label: String,
    /// What is typed, for the checks.
    value: RwSignal<String>,
    /// The first unmet rule for what is typed now (checked in the browser), if any.
    #[prop(into)]
    problem: Signal<Option<String>>,
    /// The message to show: the server's, or the browser's once the field has been left.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Set when the person leaves the field or tries to submit.
    touched: RwSignal<bool>,
    /// Extra element ids describing the field (e.g. the requirements list).
    #[prop(default = "")]
    hint_id: &'static str,
    /// Show, Hide and the Caps Lock hint, in the page's language.
    words: StoredValue<PasswordWords>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();

    let caps = CapsLock::new();
    let shown = RwSignal::new(false);
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            input.set_custom_validity(&problem.get().unwrap_or_default());
        }
    });
    let error_id = format!("{name}-error");
    let described_by = format!("{hint_id} {error_id}").trim().to_owned();
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <div class="password-input">
                <input
                    id=name
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    required
                    node_ref=input
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:blur=move |_| touched.set(true)
                    on:invalid=move |_| touched.set(true)
                    on:keyup=caps.track()
                    aria-invalid=move || error.get().map(|_| "true")
                    aria-describedby=described_by
                />
                <Show when=move || interactive.get()>
                    <button
                        type="button"
                        class="toggle"
                        aria-controls=name
                        aria-pressed=move || shown.get().to_string()
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        {move || words.with_value(|w| if shown.get() { w.hide.clone() } else { w.show.clone() })}
                    </button>
                </Show>
            </div>
            {caps.hint(words.with_value(|w| w.caps_lock.clone()))}
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
