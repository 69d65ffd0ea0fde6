use leptos::prelude::*;

use crate::api::ApiError;

/// The form-level message, in a live region so screen readers announce it when it appears.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    view! {
        <div class="form-alert" role="alert" aria-live="assertive">
            {move || error.get().map(|e| view! { <p>{e.to_string()}</p> })}
        </div>
    }
}
