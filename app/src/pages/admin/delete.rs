use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, Refused};
use crate::{
    api::{AccountAction, ManageAccount, list_users},
    components::FormAlert,
    pages::action_error,
};

/// `/admin/users/delete?email=…`: the confirmation step before an account is deleted.
#[component]
pub fn DeleteUserPage() -> impl IntoView {
    let query = use_query_map();
    let email = Memo::new(move |_| query.read().get("email").unwrap_or_default());
    let found = Resource::new(
        move || email.get(),
        |email| async move {
            let page = list_users(Some(email.clone()), None).await?;
            Ok::<_, crate::api::ApiError>(
                page.users.into_iter().find(|user| user.account.email.eq_ignore_ascii_case(&email)),
            )
        },
    );
    let delete = ServerAction::<ManageAccount>::new();
    let error = action_error(delete);
    view! {
        <Title text="Delete account" />
        <section class="card" aria-labelledby="delete-heading">
            <AdminNav current="" />
            <h1 id="delete-heading">"Delete account"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(Some(user)) => {
                            let email = user.account.email;
                            view! {
                                <p>
                                    "Delete " <strong>{email.clone()}</strong> " (" {user.account.role_label}
                                    ")? Their sessions and links end now; the audit log keeps their history. "
                                    "This cannot be undone."
                                </p>
                                <ActionForm action=delete>
                                    <FormAlert error />
                                    <input type="hidden" name="email" value=email />
                                    <input type="hidden" name="action" value=AccountAction::Delete.as_str() />
                                    <button type="submit" class="danger">
                                        "Delete account"
                                    </button>
                                </ActionForm>
                                <p class="below-form">
                                    <a href="/admin/users">"Cancel"</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            view! {
                                <p role="alert">"There is no account with that email address."</p>
                                <a href="/admin/users">"Back to the accounts"</a>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
