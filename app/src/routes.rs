//! The one table of pages. Each row says where a page is, which component renders it and what
//! it needs before it is rendered; the router (`App`) and the server's layers
//! (`server/src/http/pages.rs`) both read it, and nothing else works out from a path which page
//! it is. Adding a page is adding a row.

use leptos::prelude::*;
use leptos_router::{
    MatchNestedRoutes, NestedRoute, PartialPathMatch, PathSegment, PossibleRouteMatch, SsrMode,
    any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute},
};

use crate::pages;

/// A page: its path, the component that renders it, and what it needs.
pub struct Page {
    pub path: &'static str,
    pub view: fn() -> AnyView,
    pub access: Access,
    /// Its URL carries a secret (a reset link's token): no `Referer` may carry the URL on, and
    /// the answer is never compressed (a secret beside text an attacker may influence, in a
    /// compressed answer, is what BREACH measures).
    pub secret: bool,
}

/// Who may see a page, checked by the server before it is rendered. Every page is someone's own
/// or a step of signing in, so none may be kept by a cache (`no-store`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Anyone,
    /// Whoever holds a reset or invitation link (`?token=`), which the server looks up first.
    ResetLink,
    /// A signed-in person; anyone else is sent to log in (and back here afterwards). One who
    /// must set up a second factor first (`LATCHKEY_REQUIRE_SECOND_FACTOR`) is sent to
    /// [`SECURITY_PAGE`].
    SignedIn,
    /// A signed-in person, also one who must set up a second factor first: the pages where it
    /// is set up.
    OwnSecurity,
    /// An API Owner; signed-out visitors are sent to log in, API Consumers get 403.
    Owner,
}

/// Where a login leads when nothing else was asked for.
pub const ACCOUNT_PAGE: &str = "/account";
/// Where a right password leads for an account with a second factor.
pub const VERIFY_PAGE: &str = "/auth/login/verify";
/// Where a person sets up a second factor.
pub const SECURITY_PAGE: &str = "/account/security";
/// Where new recovery codes are shown, once.
pub const RECOVERY_CODES_PAGE: &str = "/account/security/codes";
/// Where a new application's client id and secret are shown, once.
pub const NEW_APP_PAGE: &str = "/admin/apps/added";

/// Every page.
pub static PAGES: [Page; 19] = [
    Page { path: "/auth/login", view: || pages::LoginPage().into_any(), access: Access::Anyone, secret: false },
    Page { path: VERIFY_PAGE, view: || pages::VerifyPage().into_any(), access: Access::Anyone, secret: false },
    Page { path: "/auth/forgot", view: || pages::ForgotPage().into_any(), access: Access::Anyone, secret: false },
    Page { path: "/auth/reset/code", view: || pages::ResetPage().into_any(), access: Access::ResetLink, secret: true },
    Page {
        path: "/auth/reset/done",
        view: || pages::ResetDonePage().into_any(),
        access: Access::Anyone,
        secret: false,
    },
    Page { path: "/auth/signup", view: || pages::SignupPage().into_any(), access: Access::Anyone, secret: false },
    Page { path: "/auth/confirm", view: || pages::ConfirmPage().into_any(), access: Access::Anyone, secret: true },
    Page {
        path: "/auth/confirm/done",
        view: || pages::ConfirmDonePage().into_any(),
        access: Access::Anyone,
        secret: false,
    },
    Page { path: "/auth/app-error", view: || pages::AppErrorPage().into_any(), access: Access::Anyone, secret: false },
    Page { path: ACCOUNT_PAGE, view: || pages::AccountPage().into_any(), access: Access::SignedIn, secret: false },
    Page {
        path: "/account/password",
        view: || pages::ChangePasswordPage().into_any(),
        access: Access::SignedIn,
        secret: false,
    },
    Page { path: SECURITY_PAGE, view: || pages::SecurityPage().into_any(), access: Access::OwnSecurity, secret: false },
    // Its URL carries the new secret, sealed.
    Page {
        path: "/account/security/app",
        view: || pages::AppSetupPage().into_any(),
        access: Access::OwnSecurity,
        secret: true,
    },
    Page {
        path: RECOVERY_CODES_PAGE,
        view: || pages::RecoveryCodesPage().into_any(),
        access: Access::OwnSecurity,
        secret: true,
    },
    Page { path: "/admin/users", view: || pages::UsersPage().into_any(), access: Access::Owner, secret: false },
    Page {
        path: "/admin/users/delete",
        view: || pages::DeleteUserPage().into_any(),
        access: Access::Owner,
        secret: false,
    },
    Page { path: "/admin/apps", view: || pages::AppsPage().into_any(), access: Access::Owner, secret: false },
    // It shows a new application's secret.
    Page { path: NEW_APP_PAGE, view: || pages::NewAppPage().into_any(), access: Access::Owner, secret: true },
    Page { path: "/admin/audit", view: || pages::AuditPage().into_any(), access: Access::Owner, secret: false },
];

/// The page at `path`, if there is one.
pub fn page(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|page| page.path == path)
}

/// The table as the router's routes. Every page arrives complete (`SsrMode::Async`), so it works
/// without JavaScript: streamed Suspense content would need a script to be put in place.
pub fn routes() -> impl MatchNestedRoutes + Clone + Send + 'static {
    let routes: Vec<AnyNestedRoute> = PAGES
        .iter()
        .map(|page| NestedRoute::new(WholePath(page.path), page.view).ssr_mode(SsrMode::Async).into_any_nested_route())
        .collect();
    leptos::tachys::view::iterators::StaticVec::from(routes)
}

/// A route's whole path at once (`/admin/users`), where Leptos' own segments take one each.
#[derive(Clone, Copy, Debug)]
struct WholePath(&'static str);

impl PossibleRouteMatch for WholePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let rest = path.strip_prefix(self.0)?;
        (rest.is_empty() || rest.starts_with('/'))
            .then(|| PartialPathMatch::new(rest, Vec::new(), &path[..self.0.len()]))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(self.0.split('/').filter(|s| !s.is_empty()).map(|s| PathSegment::Static(s.into())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_path_matches_itself_and_nothing_longer_or_shorter() {
        let admin = WholePath("/admin/users");
        assert!(admin.test("/admin/users").is_some_and(|m| m.is_complete()));
        assert!(admin.test("/admin/users/").is_some_and(|m| m.is_complete()));
        assert!(admin.test("/admin/users/delete").is_some_and(|m| !m.is_complete()));
        assert!(admin.test("/admin/usersx").is_none());
        assert!(admin.test("/admin").is_none());
    }

    #[test]
    fn every_page_has_one_row() {
        for (i, page) in PAGES.iter().enumerate() {
            assert!(page.path.starts_with('/') && !page.path.ends_with('/'), "{}", page.path);
            assert!(PAGES[i + 1..].iter().all(|other| other.path != page.path), "{} twice", page.path);
        }
    }
}
