//! `/admin/*`: what API Owners see. Signed-out visitors are sent to the login page by the
//! server (with `return_to`); an API Consumer gets 403 and a page saying so.

mod apps;
mod audit;
mod delete;
mod users;

pub use apps::{AppsPage, NewAppPage};
pub use audit::AuditPage;
pub use delete::DeleteUserPage;
pub use users::UsersPage;

use leptos::prelude::*;

use crate::{api::ApiError, i18n::use_lang};

/// Links between the administration pages and back to the person's own account.
#[component]
fn AdminNav(current: &'static str) -> impl IntoView {
    let lang = use_lang();
    let link = move |href: &'static str, label: &'static str| {
        let here = href == current;
        view! {
            <a href=href aria-current=here.then_some("page")>
                {lang.t(label)}
            </a>
        }
    };
    view! {
        <nav class="admin-nav" aria-label=lang.t("admin-nav")>
            {link("/admin/users", "nav-accounts")}
            {link("/admin/apps", "nav-apps")}
            {link("/admin/audit", "nav-audit")}
            {link("/account", "nav-your-account")}
        </nav>
    }
}

/// A table in its own scrolling, focusable region (labelled by message `label`, which is also
/// its caption for screen readers), so that a wide table scrolls sideways on a phone instead of
/// the page. `headers` are message ids too.
#[component]
fn TableRegion(label: &'static str, headers: &'static [&'static str], children: Children) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.t(label)>
            <table>
                <caption class="visually-hidden">{lang.t(label)}</caption>
                <thead>
                    <tr>{headers.iter().map(|header| view! { <th scope="col">{lang.t(header)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// What an administration page shows instead of its content when it cannot be had.
#[component]
fn Refused(error: ApiError) -> impl IntoView {
    let lang = use_lang();
    let message = match error {
        ApiError::Forbidden => lang.t("admin-owners-only"),
        other => other.message(lang),
    };
    view! { <p role="alert">{message}</p> }
}

/// A time as `2026-11-27 14:03 UTC`.
fn format_time(unix: i64) -> String {
    latchkey_i18n::time::Utc::from_unix(unix).readable()
}
