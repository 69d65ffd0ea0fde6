use latchkey_policy::EMAIL_MAX_CHARS;
use leptos::prelude::*;

use super::Field;
use crate::i18n::t;

/// The **Email** field of the login and forgot-password forms. The browser checks the syntax
/// and the length the server checks (`latchkey_policy::check_email`).
#[component]
pub fn EmailField(
    #[prop(into)] error: Signal<Option<String>>,
    /// The address to show again after a failed submission.
    #[prop(into, optional)]
    value: Signal<String>,
    /// The browser may offer this site's passkeys in the field's autofill (the login page).
    #[prop(optional)]
    passkeys: bool,
) -> impl IntoView {
    view! {
        <Field
            name="email"
            label=t("field-email")
            kind="email"
            autocomplete=if passkeys { "username webauthn" } else { "username" }
            maxlength=EMAIL_MAX_CHARS
            error
            value
        />
    }
}
