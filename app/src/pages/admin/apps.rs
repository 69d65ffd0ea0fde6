use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, Refused, TableRegion, format_time};
use crate::{
    api::{AddApp, AppView, NewAppView, RemoveApp, list_apps, take_new_app},
    at_hand,
    components::{Field, FormAlert},
    i18n::use_lang,
    pages::{action_error, field_error},
    routes::NEW_APP_PAGE,
};

/// `/admin/apps`: the applications that sign people in through Latchkey (OpenID Connect), each
/// with **Remove**, and **Add application**. Forms all, so it works without JavaScript.
#[component]
pub fn AppsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let removed = Memo::new(move |_| query.read().get("done").as_deref() == Some("removed"));
    let remove = ServerAction::<RemoveApp>::new();
    let add = ServerAction::<AddApp>::new();
    let apps = Resource::new(move || remove.version().get(), |_| list_apps());
    // With JavaScript the answer comes here: the credentials wait for their page.
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            let _ = window().location().set_href(NEW_APP_PAGE);
        }
    });
    view! {
        <Title text=lang.t("apps-title") />
        <section class="card wide" aria-labelledby="apps-heading">
            <AdminNav current="/admin/apps" />
            <h1 id="apps-heading">{lang.t("apps-title")}</h1>
            <p>{lang.t("apps-intro")}</p>
            <div role="status">
                {move || (removed.get() || remove.value().get().is_some_and(|r| r.is_ok()))
                    .then(|| view! { <p class="notice">{lang.t("apps-done-removed")}</p> })}
            </div>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match apps.await {
                        Ok(apps) => view! { <AppsTable apps remove /> <AddAppForm add /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AppsTable(apps: Vec<AppView>, remove: ServerAction<RemoveApp>) -> impl IntoView {
    let lang = use_lang();
    if apps.is_empty() {
        return view! { <p>{lang.t("no-apps")}</p> }.into_any();
    }
    let error = action_error(remove);
    let rows = apps
        .into_iter()
        .map(|app| {
            let kind = lang.t(if app.public { "app-public" } else { "app-confidential" });
            let uris = app.redirect_uris.into_iter().map(|uri| view! { <li><code>{uri}</code></li> }).collect_view();
            view! {
                <tr>
                    <td>{app.name.clone()}</td>
                    <td><code>{app.client_id.clone()}</code></td>
                    <td>{kind}</td>
                    <td><ul class="plain">{uris}</ul></td>
                    <td>{format_time(app.created_at)}</td>
                    <td class="actions">
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="client_id" value=app.client_id />
                            <button type="submit" class="small danger">
                                {lang.t("button-remove")}
                                <span class="visually-hidden">" " {app.name}</span>
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FormAlert error />
        <TableRegion
            label="apps-table"
            headers=&["column-name", "column-client-id", "column-type", "column-redirect-uris", "column-added", "column-actions"]
        >
            {rows}
        </TableRegion>
    }
    .into_any()
}

/// **Add application**: a name, the redirect URIs (one per line), where a logout may lead, and
/// whether it is public (no secret: a browser or mobile app).
#[component]
fn AddAppForm(add: ServerAction<AddApp>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(add);
    let typed = at_hand::typed_app();
    let area = move |name: &'static str, label: &'static str, hint: &'static str, required: bool, typed: String| {
        let (error_id, hint_id) = (format!("{name}-error"), format!("{name}-hint"));
        let described = format!("{hint_id} {error_id}");
        view! {
            <div class="field">
                <label for=name>{lang.t(label)}</label>
                <p class="field-hint" id=hint_id>{lang.t(hint)}</p>
                <textarea
                    id=name
                    name=name
                    rows="3"
                    required=required
                    aria-describedby=described
                    aria-invalid=move || field_error(error, name).get().map(|_| "true")
                >{typed}</textarea>
                <p class="field-error" id=error_id>{move || field_error(error, name).get()}</p>
            </div>
        }
    };
    view! {
        <h2 id="add-app-heading">{lang.t("add-app-heading")}</h2>
        <ActionForm action=add attr:aria-labelledby="add-app-heading">
            <FormAlert error />
            <Field
                name="name"
                label=lang.t("field-app-name")
                autocomplete="off"
                error=field_error(error, "name")
                value=typed.name
            />
            {area("redirect_uris", "field-redirect-uris", "hint-redirect-uris", true, typed.redirect_uris)}
            {area(
                "post_logout_redirect_uris",
                "field-post-logout-uris",
                "hint-post-logout-uris",
                false,
                typed.post_logout_redirect_uris,
            )}
            <div class="field checkbox">
                <input
                    id="public"
                    name="public"
                    type="checkbox"
                    value="on"
                    checked=typed.public
                    aria-describedby="public-hint"
                />
                <label for="public">{lang.t("field-public-app")}</label>
                <p class="field-hint" id="public-hint">{lang.t("hint-public-app")}</p>
            </div>
            <button type="submit">{lang.t("button-add-app")}</button>
        </ActionForm>
    }
}

/// `/admin/apps/added`: the new application's client id and secret, shown once. Loaded again,
/// it says they cannot be shown again.
#[component]
pub fn NewAppPage() -> impl IntoView {
    let lang = use_lang();
    let added = OnceResource::new(take_new_app());
    view! {
        <Title text=lang.t("new-app-title") />
        <section class="card" aria-labelledby="new-app-heading">
            <AdminNav current="" />
            <h1 id="new-app-heading">{lang.t("new-app-title")}</h1>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match added.await {
                        Ok(Some(app)) => view! { <Credentials app /> }.into_any(),
                        Ok(None) => view! { <p role="status">{lang.t("new-app-gone")}</p> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="below-form">
                <a href="/admin/apps">{lang.t("back-to-apps")}</a>
            </p>
        </section>
    }
}

#[component]
fn Credentials(app: NewAppView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p>{lang.t("new-app-intro")}</p>
        <dl class="details">
            <dt>"client_id"</dt>
            <dd><code>{app.client_id}</code></dd>
            <dt>"client_secret"</dt>
            <dd>
                {match app.client_secret {
                    Some(secret) => view! { <code>{secret}</code> }.into_any(),
                    None => view! { <span>{lang.t("new-app-public")}</span> }.into_any(),
                }}
            </dd>
        </dl>
    }
}
