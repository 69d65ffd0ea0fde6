//! `/admin/apps`: the applications that sign people in through Latchkey (OpenID Connect
//! clients), for API Owners only. A new application's secret is shown once, on
//! [`NEW_APP_PAGE`](crate::routes::NEW_APP_PAGE), from a sealed cookie of the owner's browser.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// One application as API Owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppView {
    pub client_id: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// No secret: a browser or mobile app, proven by PKCE alone.
    pub public: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// A new application's credentials, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAppView {
    pub client_id: String,
    /// `None` for a public client.
    pub client_secret: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<latchkey_domain::oidc::App> for AppView {
    fn from(app: latchkey_domain::oidc::App) -> AppView {
        AppView {
            client_id: app.client_id,
            name: app.name,
            redirect_uris: app.redirect_uris,
            post_logout_redirect_uris: app.post_logout_redirect_uris,
            public: app.public,
            created_at: app.created_at,
        }
    }
}

/// `GET /api/admin/apps`: every application, oldest first.
#[server(prefix = "/api/admin", endpoint = "apps", input = GetUrl)]
pub async fn list_apps() -> Result<Vec<AppView>, ApiError> {
    use crate::ssr::{services, signed_in_owner};

    let k = services()?;
    signed_in_owner(&k).await?;
    Ok(k.list_apps().await?.into_iter().map(AppView::from).collect())
}

/// `POST /api/admin/app-add` with `name`, `redirect_uris` and `post_logout_redirect_uris` (one
/// per line) and `public` (a checkbox): adds an application. Its client id and secret wait,
/// sealed, for the page that shows them once, where the browser is sent (a form post without
/// JavaScript too); API clients get them in the answer.
#[server(prefix = "/api/admin", endpoint = "app-add")]
pub async fn add_app(
    name: String,
    redirect_uris: String,
    #[server(default)] post_logout_redirect_uris: String,
    #[server(default)] public: Option<String>,
) -> Result<NewAppView, ApiError> {
    use latchkey_domain::{oidc::NewApp, secret::Secret, unix_now};

    use crate::ssr::{ShownOnce, Typed, client, is_browser_form, services, set_shown_once_cookie, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    let new = NewApp {
        name: name.clone(),
        redirect_uris: lines(&redirect_uris),
        post_logout_redirect_uris: lines(&post_logout_redirect_uris),
        public: public.is_some(),
    };
    let now = unix_now();
    let added = k.add_app(new, &client().acting_as(&owner), now).await;
    // Without JavaScript a problem brings the page back: with the form as it was typed.
    if is_browser_form() {
        let kept = |typed: &str| (added.is_err() && !typed.trim().is_empty()).then_some(typed.to_owned());
        Typed::AppName.remember(&k, kept(&name).as_deref());
        Typed::AppRedirectUris.remember(&k, kept(&redirect_uris).as_deref());
        Typed::AppPostLogoutUris.remember(&k, kept(&post_logout_redirect_uris).as_deref());
        Typed::AppPublic.remember(&k, kept(public.as_deref().unwrap_or_default()).as_deref());
    }
    let (app, secret) = added?;
    let mut shown = vec![Secret::new(app.client_id.clone())];
    shown.extend(secret.iter().map(|secret| Secret::new(secret.expose().clone())));
    set_shown_once_cookie(
        &k,
        ShownOnce::NewApp,
        Some(k.seal_to_show(ShownOnce::NewApp.label(), owner.id, &shown, now)?),
    );
    if is_browser_form() {
        leptos_axum::redirect(crate::routes::NEW_APP_PAGE);
    }
    Ok(NewAppView { client_id: app.client_id, client_secret: secret.map(|secret| secret.expose().clone()) })
}

/// `POST /api/admin/app-added`: the new application's credentials waiting to be shown to this
/// browser, once; `null` when they were shown already.
#[server(prefix = "/api/admin", endpoint = "app-added")]
pub async fn take_new_app() -> Result<Option<NewAppView>, ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{ShownOnce, services, set_shown_once_cookie, shown_once_cookie, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let Some(sealed) = shown_once_cookie(ShownOnce::NewApp) else {
        return Ok(None);
    };
    set_shown_once_cookie(&k, ShownOnce::NewApp, None);
    let words = k.open_to_show(ShownOnce::NewApp.label(), owner.id, &sealed, unix_now());
    Ok(words.and_then(|words| {
        let mut words = words.into_iter().map(|word| word.expose().clone());
        Some(NewAppView { client_id: words.next()?, client_secret: words.next() })
    }))
}

/// `POST /api/admin/app-remove` with `client_id`: removes the application and every token it
/// was given; a form post goes back to the list.
#[server(prefix = "/api/admin", endpoint = "app-remove")]
pub async fn remove_app(client_id: String) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, services, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    k.remove_app(&client_id, &client().acting_as(&owner), unix_now()).await?;
    leptos_axum::redirect("/admin/apps?done=removed");
    Ok(())
}
