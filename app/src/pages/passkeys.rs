//! The parts of pages that use passkeys. They work through `passkeys.js` (WebAuthn needs
//! JavaScript): without it the buttons stay hidden, and adding one says that it needs it. A
//! server whose `LATCHKEY_BASE_URL` is an IP address shows none of them: passkeys cannot work.

use leptos::prelude::*;

use latchkey_i18n::time::Utc;

use super::{action_error, field_error};
use crate::{
    api::{PasskeyView, RemovePasskey},
    components::{Field, FormAlert},
    i18n::use_lang,
    site::WhenSite,
};

/// The browser side of passkeys, once per page that has any of the parts below.
#[component]
fn PasskeyScript() -> impl IntoView {
    view! { <script type="module" src="/passkeys.js"></script> }
}

/// **Sign in with a passkey** (or **Use a passkey**, in the second step): shown once the
/// script finds WebAuthn in the browser. `autofill`: the login page, whose Email field also
/// offers passkeys as the browser fills it in.
#[component]
pub fn PasskeySignIn(#[prop(into)] label: String, autofill: bool) -> impl IntoView {
    let lang = use_lang();
    let parts = move || {
        view! {
            <div
                class="passkey-sign-in"
                data-passkey-area
                data-passkey=autofill.then_some("autofill")
                data-passkey-show
                hidden
                data-msg-failed=lang.t("passkey-failed")
                data-msg-refused=lang.t("error-passkey-refused")
            >
                <p class="form-alert" data-passkey-alert></p>
                <button type="button" class="secondary" data-passkey="sign-in">
                    {label.clone()}
                </button>
            </div>
            // The second step may have no other way to finish.
            {(!autofill).then(|| view! { <noscript><p>{lang.t("passkey-sign-in-needs-script")}</p></noscript> })}
            <PasskeyScript />
        }
        .into_any()
    };
    view! { <WhenSite when=|site| site.passkeys off=|| () children=std::sync::Arc::new(parts) /> }
}

/// **Passkeys** on `/account/security`: each with when it was added and last used, and
/// **Remove**; then **Add a passkey** under a name.
#[component]
pub fn Passkeys(passkeys: Vec<PasskeyView>, remove: ServerAction<RemovePasskey>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(remove);
    let when = |unix: i64| Utc::from_unix(unix).readable();
    let list = (!passkeys.is_empty()).then(|| {
        let rows = passkeys
            .into_iter()
            .map(|p| {
                let name_id = format!("passkey-{}", p.id);
                let used = p.last_used_at.map_or_else(|| lang.t("passkey-never-used"), when);
                view! {
                    <li class="session">
                        <h3 id=name_id.clone()>{p.name}</h3>
                        <dl class="details">
                            <dt>{lang.t("passkey-added")}</dt>
                            <dd>{when(p.created_at)}</dd>
                            <dt>{lang.t("passkey-last-used")}</dt>
                            <dd>{used}</dd>
                        </dl>
                        <ActionForm action=remove>
                            <input type="hidden" name="passkey" value=p.id />
                            <button type="submit" class="secondary" aria-describedby=name_id>
                                {lang.t("button-remove-passkey")}
                            </button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="sessions">{rows}</ul> }
    });
    let add = move || view! { <AddPasskey error /> }.into_any();
    view! {
        <h2>{lang.t("security-passkeys-heading")}</h2>
        <p>{lang.t("security-passkeys-intro")}</p>
        <FormAlert error />
        {list}
        <WhenSite
            when=|site| site.passkeys
            off=move || view! { <p>{lang.t("error-passkeys-unavailable")}</p> }
            children=std::sync::Arc::new(add)
        />
    }
}

/// **Add a passkey**: its name, then the browser's own prompt. A plain form post (no
/// JavaScript) comes back with the notice that passkeys need it.
#[component]
fn AddPasskey(error: Signal<Option<crate::api::ApiError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form
            method="post"
            action="/api/account/passkey-options"
            data-passkey="add"
            data-msg-failed=lang.t("passkey-failed")
            data-msg-recent=lang.t("error-recent-sign-in")
            data-msg-name=lang.t("problem-passkey-name")
            data-msg-refused=lang.t("error-passkey-refused")
        >
            <p class="form-alert" data-passkey-alert></p>
            <Field
                name="name"
                label=lang.t("field-passkey-name")
                autocomplete="off"
                maxlength=latchkey_policy::PASSKEY_NAME_MAX_CHARS
                error=field_error(error, "name")
            />
            <button type="submit">{lang.t("button-add-passkey")}</button>
        </form>
        <PasskeyScript />
    }
}
