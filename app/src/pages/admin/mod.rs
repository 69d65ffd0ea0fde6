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

/// What an administration page shows instead of its content when it cannot be had.
#[component]
fn Refused(error: ApiError) -> impl IntoView {
    let message = match error {
        ApiError::Forbidden => "Only API Owners can see this page.".to_owned(),
        other => other.to_string(),
    };
    view! { <p role="alert">{message}</p> }
}

/// A time as `2026-11-27 14:03 UTC` (the same on the server and in the browser).
fn format_time(unix: i64) -> String {
    let (days, seconds) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", seconds / 3600, seconds % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::format_time;

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_time(1_795_768_980), "2026-11-27 08:43 UTC");
    }
}
