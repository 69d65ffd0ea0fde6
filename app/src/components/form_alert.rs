use leptos::prelude::*;

use crate::{api::ApiError, i18n::use_lang};

/// The form-level message, in a live region so screen readers announce it when it appears.
/// For fields that failed validation it is an error summary (the GOV.UK pattern): each
/// field's message, linking to that field.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="form-alert" role="alert" aria-live="assertive">
            {move || {
                error
                    .get()
                    .map(|e| {
                        let fields = match &e {
                            ApiError::Invalid { fields } => fields.clone(),
                            _ => Vec::new(),
                        };
                        view! {
                            <p>{e.message(lang)}</p>
                            {(!fields.is_empty())
                                .then(|| {
                                    view! {
                                        <ul>
                                            {fields
                                                .into_iter()
                                                .map(|f| {
                                                    view! {
                                                        <li>
                                                            <a href=format!("#{}", f.field)>{f.problem.message(lang)}</a>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}
