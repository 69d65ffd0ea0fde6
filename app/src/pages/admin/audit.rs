use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, Refused, TableRegion, format_time};
use crate::{
    api::{AuditPage as Page, audit_log},
    i18n::use_lang,
    links::audit_page,
};

/// `/admin/audit?email=…&before=…`: the audit log, newest first, filtered by address.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let email = Memo::new(move |_| query.read().get("email").unwrap_or_default());
    let before = Memo::new(move |_| query.read().get("before").and_then(|b| b.parse::<i64>().ok()));
    let events = Resource::new(move || (email.get(), before.get()), |(email, before)| audit_log(Some(email), before));
    view! {
        <Title text=lang.t("audit-title") />
        <section class="card wide" aria-labelledby="audit-heading">
            <AdminNav current="/admin/audit" />
            <h1 id="audit-heading">{lang.t("audit-title")}</h1>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(page) => {
                            view! {
                                <form method="get" action="/admin/audit" role="search" class="search">
                                    <label for="email">{lang.t("filter-by-email")}</label>
                                    <input id="email" name="email" type="search" value=email.get_untracked() />
                                    <button type="submit" class="secondary">
                                        {lang.t("button-filter")}
                                    </button>
                                </form>
                                <AuditTable page email=email.get_untracked() paged=before.get_untracked().is_some() />
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

#[component]
fn AuditTable(page: Page, email: String, paged: bool) -> impl IntoView {
    let lang = use_lang();
    if page.events.is_empty() {
        return view! { <p>{lang.t("no-events")}</p> }.into_any();
    }
    let older = page.next_before.map(|before| audit_page(&email, Some(before)));
    let rows = page
        .events
        .into_iter()
        .map(|event| {
            view! {
                <tr>
                    <td>{format_time(event.at)}</td>
                    <td>{event.event}</td>
                    <td>{event.email.unwrap_or_default()}</td>
                    <td>{event.actor.unwrap_or_default()}</td>
                    <td>{event.client_ip.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableRegion
            label="audit-table"
            headers=&["column-when", "column-event", "column-account", "column-by-owner", "column-ip"]
        >
            {rows}
        </TableRegion>
        <nav class="pager" aria-label=lang.t("pages-nav")>
            {paged.then(|| view! { <a href=audit_page(&email, None)>{lang.t("newest")}</a> })}
            {older.map(|href| view! { <a href=href>{lang.t("older-events")}</a> })}
        </nav>
    }
    .into_any()
}
