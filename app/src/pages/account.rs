use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use super::{action_error, field_error};
use crate::{
    api::{AccountView, ApiError, Logout, Rename, Role, SignOutEverywhere, current_account},
    at_hand,
    components::{Field, FormAlert},
    i18n::{Lang, role_label, use_lang},
};

/// `/account`: who is signed in, as what; **Change password**, the display name, **Log out**
/// and **Sign out everywhere**. Signed-out visitors are sent to the login page (by the server
/// with a 303 on a full page load, by the router otherwise).
#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let changed = Memo::new(move |_| query.read().get("changed"));
    let rename = ServerAction::<Rename>::new();
    view! {
        <Title text=lang.t("account-title") />
        <section class="card" aria-labelledby="account-heading">
            <h1 id="account-heading">{lang.t("account-heading")}</h1>
            <div role="status">
                {move || {
                    changed_message(changed.get().as_deref(), lang)
                        .map(|message| view! { <p class="notice">{message}</p> })
                }}
            </div>
            <Account changed rename />
        </section>
    }
}

/// The account: at hand on the server (the one whose session it resumed before rendering;
/// every load of this page is signed in, or sent to the login page first), fetched by the
/// single-page app, and again after a change.
#[component]
fn Account(changed: Memo<Option<String>>, rename: ServerAction<Rename>) -> impl IntoView {
    if let Some(account) = at_hand::account() {
        return view! { <AccountDetails account rename /> }.into_any();
    }
    let lang = use_lang();
    let account = Resource::new(move || (changed.get(), rename.version().get()), |_| current_account());
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
            {move || Suspend::new(async move { account_or_login(account.await, rename, lang) })}
        </Suspense>
    }
    .into_any()
}

/// The account's details; the login page when signed out, the security page for a person who
/// must set up a second factor first.
fn account_or_login(found: Result<Option<AccountView>, ApiError>, rename: ServerAction<Rename>, lang: Lang) -> AnyView {
    match found {
        Ok(Some(account)) => view! { <AccountDetails account rename /> }.into_any(),
        Ok(None) => view! { <Redirect path="/auth/login" /> }.into_any(),
        Err(ApiError::SecondFactorRequired) => view! { <Redirect path=crate::routes::SECURITY_PAGE /> }.into_any(),
        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

/// The confirmation for `?changed=…`; only these fixed messages, whatever the URL says.
fn changed_message(changed: Option<&str>, lang: Lang) -> Option<String> {
    match changed? {
        "password" => Some(lang.t("account-password-changed")),
        "name" => Some(lang.t("account-name-saved")),
        _ => None,
    }
}

#[component]
fn AccountDetails(account: AccountView, rename: ServerAction<Rename>) -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let rename_error = action_error(rename);
    let is_owner = account.role == Role::Owner;
    let name = Signal::stored(account.name.clone().unwrap_or_default());
    view! {
        <dl class="details">
            {account
                .name
                .map(|name| {
                    view! {
                        <dt>{lang.t("field-name")}</dt>
                        <dd>{name}</dd>
                    }
                })}
            <dt>{lang.t("field-email")}</dt>
            <dd>{account.email}</dd>
            <dt>{lang.t("field-role")}</dt>
            <dd>{role_label(account.role, lang)}</dd>
        </dl>
        <ul class="links">
            <li>
                <a href="/account/password">{lang.t("button-change-password")}</a>
            </li>
            <li>
                <a href="/account/security">{lang.t("security-link")}</a>
            </li>
            {is_owner
                .then(|| {
                    view! {
                        <li>
                            <a href="/admin/users">{lang.t("manage-accounts")}</a>
                        </li>
                    }
                })}
        </ul>
        <ActionForm action=rename attr:class="rename">
            <FormAlert error=rename_error />
            <Field
                name="name"
                label=lang.t("field-name")
                autocomplete="name"
                optional=true
                value=name
                error=field_error(rename_error, "name")
            />
            <button type="submit" class="secondary">
                {lang.t("button-save-name")}
            </button>
        </ActionForm>
        <ActionForm action=logout>
            <button type="submit">{lang.t("button-log-out")}</button>
        </ActionForm>
        <ActionForm action=everywhere>
            <p class="hint">{lang.t("sign-out-everywhere-hint")}</p>
            <button type="submit" class="secondary">
                {lang.t("button-sign-out-everywhere")}
            </button>
        </ActionForm>
    }
}
