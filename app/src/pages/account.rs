use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use super::{action_error, field_error};
use crate::{
    api::{AccountView, Logout, Rename, SignOutEverywhere, current_account},
    components::{Field, FormAlert},
};

/// `/account`: who is signed in, as what; **Change password**, the display name, **Log out**
/// and **Sign out everywhere**. Signed-out visitors are sent to the login page (by the server
/// with a 303 on a full page load, by the router otherwise).
#[component]
pub fn AccountPage() -> impl IntoView {
    let query = use_query_map();
    let changed = Memo::new(move |_| query.read().get("changed"));
    let rename = ServerAction::<Rename>::new();
    let account = Resource::new(move || (changed.get(), rename.version().get()), |_| current_account());
    view! {
        <Title text="Your account" />
        <section class="card" aria-labelledby="account-heading">
            <h1 id="account-heading">"Your account"</h1>
            <div role="status">
                {move || {
                    changed_message(changed.get().as_deref()).map(|message| view! { <p class="notice">{message}</p> })
                }}
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(account)) => view! { <AccountDetails account rename /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/auth/login" /> }.into_any(),
                        Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The confirmation for `?changed=…`; only these fixed messages, whatever the URL says.
fn changed_message(changed: Option<&str>) -> Option<&'static str> {
    match changed? {
        "password" => {
            Some("Your password has been changed. Every other session has ended; you are still signed in here.")
        }
        "name" => Some("Your name has been saved."),
        _ => None,
    }
}

#[component]
fn AccountDetails(account: AccountView, rename: ServerAction<Rename>) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let rename_error = action_error(rename);
    let is_owner = account.role == "owner";
    let name = Signal::stored(account.name.clone().unwrap_or_default());
    view! {
        <dl class="details">
            {account
                .name
                .map(|name| {
                    view! {
                        <dt>"Name"</dt>
                        <dd>{name}</dd>
                    }
                })}
            <dt>"Email"</dt>
            <dd>{account.email}</dd>
            <dt>"Role"</dt>
            <dd>{account.role_label}</dd>
        </dl>
        <ul class="links">
            <li>
                <a href="/account/password">"Change password"</a>
            </li>
            {is_owner
                .then(|| {
                    view! {
                        <li>
                            <a href="/admin/users">"Manage accounts"</a>
                        </li>
                    }
                })}
        </ul>
        <ActionForm action=rename attr:class="rename">
            <FormAlert error=rename_error />
            <Field
                name="name"
                label="Name"
                autocomplete="name"
                optional=true
                value=name
                error=field_error(rename_error, "name")
            />
            <button type="submit" class="secondary">
                "Save name"
            </button>
        </ActionForm>
        <ActionForm action=logout>
            <button type="submit">"Log out"</button>
        </ActionForm>
        <ActionForm action=everywhere>
            <p class="hint">"Signed in somewhere you no longer use? End every session, on every device."</p>
            <button type="submit" class="secondary">
                "Sign out everywhere"
            </button>
        </ActionForm>
    }
}
