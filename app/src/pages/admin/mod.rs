//! `/admin/*`: what API Owners see. Signed-out visitors are sent to the login page by the
//! server (with `return_to`); an API Consumer gets 403 and a page saying so.

mod audit;
mod delete;
mod users;

pub use audit::AuditPage;
pub use delete::DeleteUserPage;
pub use users::UsersPage;

use leptos::prelude::*;

use crate::api::ApiError;

/// Links between the administration pages and back to the person's own account.
#[component]
fn AdminNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        let here = href == current;
        view! {
            <a href=href aria-current=here.then_some("page")>
                {label}
            </a>
        }
    };
    view! {
        <nav class="admin-nav" aria-label="Administration">
            {link("/admin/users", "Accounts")}
            {link("/admin/audit", "Audit log")}
            {link("/account", "Your account")}
        </nav>
    }
}

/// A table in its own scrolling, focusable region (labelled `label`, which is also its caption
/// for screen readers), so that a wide table scrolls sideways on a phone instead of the page.
#[component]
fn TableRegion(label: &'static str, headers: &'static [&'static str], children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table>
                <caption class="visually-hidden">{label}</caption>
                <thead>
                    <tr>{headers.iter().map(|header| view! { <th scope="col">{*header}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// What an administration page shows instead of its content when it cannot be had.
#[component]
fn Refused(error: ApiError) -> impl IntoView {
    let message = match error {
        ApiError::Forbidden => "Only API Owners can see this page.".to_owned(),
        other => other.to_string(),
    };
    view! { <p role="alert">{message}</p> }
}

/// A time as `2026-11-27 14:03 UTC`.
fn format_time(unix: i64) -> String {
    crate::time::Utc::from_unix(unix).readable()
}
