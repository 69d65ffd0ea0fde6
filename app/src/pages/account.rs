use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{AccountView, Logout, SignOutEverywhere, current_account};

/// `/account`: who is signed in, as what, **Log out** and **Sign out everywhere**. Signed-out visitors are sent to the
/// login page (by the server with a 303 on a full page load, by the router otherwise).
#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| current_account());
    view! {
        <Title text="Your account" />
        <section class="card" aria-labelledby="account-heading">
            <h1 id="account-heading">"Your account"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(account)) => view! { <AccountDetails account /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/auth/login" /> }.into_any(),
                        Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountDetails(account: AccountView) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
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
        <ActionForm action=logout>
            <button type="submit">"Log out"</button>
        </ActionForm>
        <ActionForm action=everywhere>
            <p class="hint">"Signed in somewhere you no longer use? End every session, on every device."</p>
            <button type="submit" class="secondary">"Sign out everywhere"</button>
        </ActionForm>
    }
}
