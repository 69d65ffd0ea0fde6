//! The applications that sign people in through Latchkey: added by an API Owner (the CLI or
//! `/admin/apps`), each with its exact redirect URIs and, unless public, a secret shown once.

use entity::oauth_client;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
use url::Url;

use crate::{
    Error, Latchkey,
    audit::{self, AuditKind, Client},
    secret::Secret,
    token::{self, hash_token, random_hex},
};

/// The longest name an application may have, in characters.
pub const APP_NAME_MAX_CHARS: usize = 100;
/// The most redirect URIs of each kind one application may register.
pub const MAX_REDIRECT_URIS: usize = 10;

/// What an owner asks for when adding an application.
#[derive(Clone, Debug, Default)]
pub struct NewApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// A browser or mobile app, which cannot keep a secret: it gets none and proves itself by
    /// PKCE alone.
    pub public: bool,
}

/// An application as the owner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    pub client_id: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub public: bool,
    pub created_at: i64,
}

/// Why an application was not added: each problem of the request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the name must be 1 to {APP_NAME_MAX_CHARS} characters")]
    Name,
    #[error("at least one redirect URI is needed, at most {MAX_REDIRECT_URIS}")]
    RedirectCount,
    /// A URI that is not absolute, has a fragment, or is plain `http` to a host other than a
    /// loopback one (RFC 9700 §4.1.1: only development may skip TLS).
    #[error("'{0}' is not a usable redirect URI: absolute https (http only for localhost), no fragment")]
    RedirectUri(String),
    /// The same, of a post-logout redirect URI.
    #[error("'{0}' is not a usable post-logout redirect URI: absolute https (http only for localhost), no fragment")]
    PostLogoutUri(String),
    #[error("no application has the id '{0}'")]
    NoSuchApp(String),
    #[error(transparent)]
    System(#[from] Error),
}

impl Latchkey {
    /// Adds an application; its secret (for a confidential client) is returned once and only
    /// its hash is kept.
    pub async fn add_app(
        &self,
        new: NewApp,
        client: &Client,
        now: i64,
    ) -> Result<(App, Option<Secret<String>>), AppError> {
        let name = new.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > APP_NAME_MAX_CHARS || name.chars().any(char::is_control) {
            return Err(AppError::Name);
        }
        let redirect_uris = checked_uris(&new.redirect_uris, AppError::RedirectUri)?;
        if redirect_uris.is_empty() || redirect_uris.len() > MAX_REDIRECT_URIS {
            return Err(AppError::RedirectCount);
        }
        let post_logout_redirect_uris = checked_uris(&new.post_logout_redirect_uris, AppError::PostLogoutUri)?;
        if post_logout_redirect_uris.len() > MAX_REDIRECT_URIS {
            return Err(AppError::RedirectCount);
        }
        let client_id = random_hex::<16>()?;
        let secret = if new.public { None } else { Some(token::new_token()?) };
        let row = oauth_client::ActiveModel {
            client_id: Set(client_id.clone()),
            name: Set(name),
            secret_hash: Set(secret.as_ref().map(|(_, hash)| hash.clone())),
            redirect_uris: Set(redirect_uris.join("\n")),
            post_logout_redirect_uris: Set(post_logout_redirect_uris.join("\n")),
            created_at: Set(now),
        }
        .insert(&self.db)
        .await
        .map_err(Error::from)?;
        audit::record(&self.db, AuditKind::AppAdded, None, Some(&row.name), client, now).await.map_err(Error::from)?;
        Ok((App::of(row), secret.map(|(secret, _)| secret)))
    }

    /// Every application, oldest first.
    pub async fn list_apps(&self) -> Result<Vec<App>, Error> {
        let rows = oauth_client::Entity::find().order_by_asc(oauth_client::Column::CreatedAt).all(&self.db).await?;
        Ok(rows.into_iter().map(App::of).collect())
    }

    /// Removes an application and, with it, every code and token it was given.
    pub async fn remove_app(&self, client_id: &str, client: &Client, now: i64) -> Result<App, AppError> {
        let found = oauth_client::Entity::find_by_id(client_id).one(&self.db).await.map_err(Error::from)?;
        let Some(found) = found else {
            return Err(AppError::NoSuchApp(client_id.to_owned()));
        };
        oauth_client::Entity::delete_by_id(client_id).exec(&self.db).await.map_err(Error::from)?;
        audit::record(&self.db, AuditKind::AppRemoved, None, Some(&found.name), client, now)
            .await
            .map_err(Error::from)?;
        Ok(App::of(found))
    }
}

impl App {
    pub(super) fn of(row: oauth_client::Model) -> App {
        App {
            public: row.secret_hash.is_none(),
            redirect_uris: lines(&row.redirect_uris),
            post_logout_redirect_uris: lines(&row.post_logout_redirect_uris),
            client_id: row.client_id,
            name: row.name,
            created_at: row.created_at,
        }
    }
}

/// The application a request names, if there is one.
pub(super) async fn find(
    db: &impl sea_orm::ConnectionTrait,
    client_id: &str,
) -> Result<Option<oauth_client::Model>, Error> {
    Ok(oauth_client::Entity::find_by_id(client_id).one(db).await?)
}

/// Whether `secret` is the application's (a public client has none and passes with none).
pub(super) fn secret_matches(app: &oauth_client::Model, secret: Option<&str>) -> bool {
    match (&app.secret_hash, secret) {
        (None, None) => true,
        // Hashes are compared, not secrets: timing tells nothing a guesser can steer.
        (Some(hash), Some(secret)) => *hash == hash_token(secret),
        _ => false,
    }
}

/// Whether `uri` is one of the application's, character for character.
pub(super) fn registered(list: &str, uri: &str) -> bool {
    list.split('\n').any(|registered| registered == uri)
}

fn lines(list: &str) -> Vec<String> {
    list.split('\n').filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

fn checked_uris(uris: &[String], refused: fn(String) -> AppError) -> Result<Vec<String>, AppError> {
    let mut checked: Vec<String> = Vec::new();
    for raw in uris.iter().map(|uri| uri.trim()).filter(|uri| !uri.is_empty()) {
        let bad = || refused(raw.to_owned());
        let url = Url::parse(raw).map_err(|_| bad())?;
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        let secure = url.scheme() == "https" || url.scheme() == "http" && loopback;
        if !secure || url.fragment().is_some() || url.host().is_none() || raw.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        if !checked.iter().any(|seen| seen == raw) {
            checked.push(raw.to_owned());
        }
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_are_absolute_https_or_loopback_http_without_fragments() {
        let ok = |uri: &str| checked_uris(&[uri.to_owned()], AppError::RedirectUri).is_ok();
        assert!(ok("https://portal.example.com/auth/callback"));
        assert!(ok("http://localhost:8080/cb"));
        assert!(ok("http://127.0.0.1:5173/cb?x=1"));
        assert!(!ok("http://portal.example.com/cb"));
        assert!(!ok("https://portal.example.com/cb#frag"));
        assert!(!ok("/relative"));
        assert!(!ok("javascript:alert(1)"));
        assert_eq!(
            checked_uris(
                &["https://a.example/cb".into(), " https://a.example/cb ".into(), "".into()],
                AppError::RedirectUri
            )
            .unwrap()
            .len(),
            1
        );
    }
}
