//! `/oauth2/authorize`: checks what an application asks for, and hands a signed-in person back
//! to it with a code. Who is signed in, and whether that is fresh enough, the edge decides with
//! [`AuthorizeRequest::needs_login`]; the login page brings the person back here.

use entity::oauth_code;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use url::Url;

use super::{CODE_SECONDS, SCOPES, clients};
use crate::{Error, Latchkey, sessions::Resumed, token::new_token};

/// The query of an authorization request, as sent. `login_after` is Latchkey's own: the login
/// page returns here with it after a login `prompt=login` or `max_age` asked for.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeRequest {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
    pub login_after: Option<i64>,
}

/// A request that may go ahead: its application, its redirect URI and what it was granted.
#[derive(Clone, Debug)]
pub struct Authorized {
    client_id: String,
    redirect_uri: Url,
    /// As registered and sent, which the code exchange must repeat exactly.
    registered_uri: String,
    scope: String,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: String,
    prompt: Prompt,
    max_age: Option<i64>,
    login_after: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prompt {
    Default,
    None,
    Login,
}

/// Why a request does not go ahead.
#[derive(Debug)]
pub enum Refusal {
    /// No application has this id, or this redirect URI is not one of its own: an error page,
    /// never a redirect (it could lead anywhere).
    UnknownApp,
    RedirectUri,
    /// Back to the application with `error` (and `state`), as OAuth 2.0 §4.1.2.1 says.
    Redirect(Url),
    System(Error),
}

impl From<Error> for Refusal {
    fn from(err: Error) -> Self {
        Refusal::System(err)
    }
}

impl Latchkey {
    /// Checks an authorization request: the application and its redirect URI first (an error
    /// page when either is wrong), then everything else (errors sent back to the application).
    pub async fn check_authorize(&self, req: &AuthorizeRequest) -> Result<Authorized, Refusal> {
        let client_id = req.client_id.as_deref().unwrap_or_default();
        let Some(app) = clients::find(&self.db, client_id).await? else {
            return Err(Refusal::UnknownApp);
        };
        let redirect_uri = req.redirect_uri.as_deref().unwrap_or_default();
        if !clients::registered(&app.redirect_uris, redirect_uri) {
            return Err(Refusal::RedirectUri);
        }
        let registered_uri = redirect_uri.to_owned();
        let redirect_uri = Url::parse(redirect_uri).map_err(|_| Refusal::RedirectUri)?;
        let back = |error: &str, description: &str| {
            Refusal::Redirect(answer(
                &redirect_uri,
                &[("error", error), ("error_description", description)],
                req.state.as_deref(),
            ))
        };
        if req.request.is_some() {
            return Err(back("request_not_supported", "request objects are not supported"));
        }
        if req.request_uri.is_some() {
            return Err(back("request_uri_not_supported", "request_uri is not supported"));
        }
        if req.response_type.as_deref() != Some("code") {
            return Err(back("unsupported_response_type", "only response_type=code is supported"));
        }
        let asked = req.scope.as_deref().unwrap_or_default();
        if !asked.split(' ').any(|s| s == "openid") {
            return Err(back("invalid_scope", "the openid scope is required"));
        }
        let scope = SCOPES.iter().filter(|known| asked.split(' ').any(|s| s == **known)).copied().collect::<Vec<_>>();
        let code_challenge = req.code_challenge.clone().unwrap_or_default();
        let well_formed = code_challenge.len() == 43
            && code_challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if req.code_challenge_method.as_deref() != Some("S256") || !well_formed {
            return Err(back("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256"));
        }
        let prompts: Vec<&str> =
            req.prompt.as_deref().unwrap_or_default().split(' ').filter(|p| !p.is_empty()).collect();
        let prompt = match prompts.as_slice() {
            [] => Prompt::Default,
            ["none"] => Prompt::None,
            several if several.contains(&"none") => {
                return Err(back("invalid_request", "prompt=none cannot be combined with other values"));
            }
            several if several.contains(&"login") => Prompt::Login,
            // `consent` and `select_account`: applications added by an owner ask no consent,
            // and a browser holds one account.
            _ => Prompt::Default,
        };
        let max_age = match req.max_age.as_deref().map(str::parse::<i64>) {
            None => None,
            Some(Ok(seconds)) if seconds >= 0 => Some(seconds),
            Some(_) => return Err(back("invalid_request", "max_age must be a number of seconds")),
        };
        Ok(Authorized {
            client_id: app.client_id,
            redirect_uri,
            registered_uri,
            scope: scope.join(" "),
            state: req.state.clone(),
            nonce: req.nonce.clone(),
            code_challenge,
            prompt,
            max_age,
            login_after: req.login_after,
        })
    }

    /// Back to the application with a fresh code for the signed-in person.
    pub async fn grant_code(&self, request: &Authorized, session: &Resumed, now: i64) -> Result<Url, Error> {
        let (code, code_hash) = new_token()?;
        let _turn = self.writes.exclusive().await;
        oauth_code::ActiveModel {
            code_hash: Set(code_hash),
            client_id: Set(request.client_id.clone()),
            account_id: Set(session.account.id),
            redirect_uri: Set(request.registered_uri.clone()),
            code_challenge: Set(request.code_challenge.clone()),
            scope: Set(request.scope.clone()),
            nonce: Set(request.nonce.clone()),
            amr: Set(session.amr.clone()),
            auth_time: Set(session.verified_at),
            expires_at: Set(now + CODE_SECONDS),
            grant_id: Set(None),
        }
        .insert(&self.db)
        .await?;
        Ok(answer(&request.redirect_uri, &[("code", code.expose())], request.state.as_deref()))
    }
}

impl Latchkey {
    /// The origin of the application a login returning to `return_to` goes on to, when
    /// `return_to` is an authorization request of a registered application and redirect URI:
    /// the login's forms may be answered with a redirect there (CSP `form-action`).
    pub async fn application_after_login(&self, return_to: &str) -> Option<String> {
        let base = &self.config.http.base_url;
        let url = base.join(return_to).ok()?;
        let authorize = crate::links::page_url(base, &["oauth2", "authorize"]);
        if url.origin() != base.origin() || url.path() != authorize.path() {
            return None;
        }
        let param = |name: &str| url.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned());
        let (client_id, redirect_uri) = (param("client_id")?, param("redirect_uri")?);
        let app = clients::find(&self.db, &client_id).await.ok()??;
        clients::registered(&app.redirect_uris, &redirect_uri)
            .then(|| Url::parse(&redirect_uri).ok().map(|uri| uri.origin().ascii_serialization()))
            .flatten()
    }
}

impl Authorized {
    /// Whether the person must log in (again) first: nobody is signed in, or the application
    /// asked for a fresh login (`prompt=login`, `max_age`) that has not happened since.
    pub fn needs_login(&self, session: Option<&Resumed>, now: i64) -> bool {
        let Some(session) = session else {
            return true;
        };
        // Back from a login the application asked for: it must have happened since the request
        // first came (never later than now, whatever the URL says).
        if let Some(after) = self.login_after {
            return session.verified_at < after.min(now);
        }
        self.prompt == Prompt::Login || self.max_age.is_some_and(|max_age| now - session.verified_at > max_age)
    }

    /// `prompt=none`: the application wants an answer, never a page.
    pub fn silent(&self) -> bool {
        self.prompt == Prompt::None
    }

    /// Back to the application with `error=login_required`.
    pub fn login_required(&self) -> Url {
        answer(
            &self.redirect_uri,
            &[("error", "login_required"), ("error_description", "nobody is signed in")],
            self.state.as_deref(),
        )
    }

    /// The authorization request to come back to after a login: as sent, without `prompt`,
    /// and, if this login is one the application asked for, with `login_after`.
    pub fn after_login(&self, query: &str, now: i64) -> String {
        let mut back = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if name != "prompt" && name != "login_after" {
                back.append_pair(&name, &value);
            }
        }
        if self.prompt == Prompt::Login || self.max_age.is_some() {
            back.append_pair("login_after", &now.to_string());
        }
        format!("/oauth2/authorize?{}", back.finish())
    }
}

/// `redirect_uri` with `pairs` and `state` added to its query.
fn answer(redirect_uri: &Url, pairs: &[(&str, &str)], state: Option<&str>) -> Url {
    let mut url = redirect_uri.clone();
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in pairs {
            query.append_pair(name, value);
        }
        if let Some(state) = state {
            query.append_pair("state", state);
        }
    }
    url
}
