use latchkey_i18n::text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, Refused};
use crate::{
    api::{AccountAction, ManageAccount, list_users},
    components::FormAlert,
    i18n::{role_label, use_lang},
    pages::action_error,
};

/// `/admin/users/delete?email=…`: the confirmation step before an account is deleted.
#[component]
pub fn DeleteUserPage() -> impl IntoView {
    let lang = use_lang();
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
        <Title text=lang.t("delete-title") />
        <section class="card" aria-labelledby="delete-heading">
            <AdminNav current="" />
            <h1 id="delete-heading">{lang.t("delete-title")}</h1>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(Some(user)) => {
                            let email = user.account.email;
                            let role = role_label(user.account.role, lang);
                            let question = lang
                                .t_with("delete-confirm", &[("email", text(email.clone())), ("role", text(role))]);
                            view! {
                                <p>{question}</p>
                                <ActionForm action=delete>
                                    <FormAlert error />
                                    <input type="hidden" name="email" value=email />
                                    <input type="hidden" name="action" value=AccountAction::Delete.as_str() />
                                    <button type="submit" class="danger">
                                        {lang.t("button-delete-account")}
                                    </button>
                                </ActionForm>
                                <p class="below-form">
                                    <a href="/admin/users">{lang.t("cancel")}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            view! {
                                <p role="alert">{lang.t("error-no-such-account")}</p>
                                <a href="/admin/users">{lang.t("back-to-accounts")}</a>
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
