//! Latchkey as an OpenID Connect provider (CONTRACT §16): the authorization code flow with
//! PKCE (S256) for every client, ES256 ID tokens, rotating refresh tokens. Every code, token and
//! key is a row, so that a flow begun on one server finishes on another; tokens are stored as
//! their SHA-256 only.

mod authorize;
pub mod clients;
pub mod keys;
mod tokens;

pub use authorize::{AuthorizeRequest, Authorized, Refusal};
pub use clients::{App, AppError, NewApp};
pub use tokens::IdClaims;
pub use tokens::{ClientCredentials, TokenError, TokenRequest, Tokens, UserInfo};

use entity::{oauth_code, oauth_grant, oauth_token};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, QueryFilter};
use serde::Serialize;

use crate::accounts::Account;

/// A code is exchanged within a minute or never.
pub const CODE_SECONDS: i64 = 60;
/// Access tokens last ten minutes; ID tokens as long.
pub const ACCESS_TOKEN_SECONDS: i64 = 600;
pub const ID_TOKEN_SECONDS: i64 = 600;
/// A refresh token not used for thirty days ends its chain.
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 86_400;
/// A used code is kept this long after it expired, so that a second use finds it and ends
/// what the first one started.
const USED_CODES_KEPT_SECONDS: i64 = REFRESH_TOKEN_SECONDS;

/// The scopes this provider knows; others asked for are left out of what is granted.
pub const SCOPES: [&str; 4] = ["openid", "email", "profile", "offline_access"];
/// The claims an ID token or userinfo answer may carry.
pub const CLAIMS: [&str; 12] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "amr",
    "email",
    "email_verified",
    "name",
    "latchkey_role",
];

/// The issuer: `LATCHKEY_BASE_URL` as written, without a trailing slash (`https://auth.example.com`).
pub fn issuer(base: &url::Url) -> String {
    base.as_str().trim_end_matches('/').to_owned()
}

/// What an application learns of a person, by the scopes it was granted: `sub` and
/// `latchkey_role` always, `email` with `email`, `name` with `profile`.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Person {
    /// The account's stable id, as forward auth's `X-Latchkey-Account`.
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Every address here was set by an API Owner or confirmed by its owner at sign-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub latchkey_role: String,
}

impl Person {
    fn of(account: &Account, scope: &str) -> Person {
        let has = |wanted: &str| scope.split(' ').any(|s| s == wanted);
        Person {
            sub: account.id.to_string(),
            email: has("email").then(|| account.email.clone()),
            email_verified: has("email").then_some(true),
            name: if has("profile") { account.name.clone() } else { None },
            latchkey_role: account.role.as_str().to_owned(),
        }
    }
}

/// Removes expired codes, grants (and their tokens) and keys no live token was signed with.
pub(crate) async fn purge_expired(db: &impl ConnectionTrait, now: i64) -> Result<u64, DbErr> {
    let unused = oauth_code::Column::GrantId.is_null().and(oauth_code::Column::ExpiresAt.lt(now));
    let codes = oauth_code::Entity::delete_many()
        .filter(unused.or(oauth_code::Column::ExpiresAt.lt(now - USED_CODES_KEPT_SECONDS)))
        .exec(db)
        .await?
        .rows_affected;
    let tokens = oauth_token::Entity::delete_many()
        .filter(oauth_token::Column::ExpiresAt.lt(now))
        .filter(oauth_token::Column::Kind.eq(tokens::ACCESS))
        .exec(db)
        .await?
        .rows_affected;
    let grants =
        oauth_grant::Entity::delete_many().filter(oauth_grant::Column::ExpiresAt.lt(now)).exec(db).await?.rows_affected;
    Ok(codes + tokens + grants + keys::purge_retired(db, now).await?)
}

/// Ends every application's tokens for an account (its sessions are ending too).
pub(crate) async fn end_all(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    let ended =
        oauth_grant::Entity::delete_many().filter(oauth_grant::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(ended.rows_affected)
}

/// The discovery document (OpenID Connect Discovery 1.0 §3) for `base`.
pub fn discovery(base: &url::Url) -> serde_json::Value {
    let endpoint = |name: &str| crate::links::page_url(base, &["oauth2", name]).to_string();
    let auth_methods = ["client_secret_basic", "client_secret_post", "none"];
    serde_json::json!({
        "issuer": issuer(base),
        "authorization_endpoint": endpoint("authorize"),
        "token_endpoint": endpoint("token"),
        "userinfo_endpoint": endpoint("userinfo"),
        "jwks_uri": endpoint("jwks"),
        "revocation_endpoint": endpoint("revoke"),
        "end_session_endpoint": endpoint("logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "scopes_supported": SCOPES,
        "claims_supported": CLAIMS,
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "prompt_values_supported": ["none", "login"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
    })
}

/// The query of an RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct LogoutRequest {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

impl crate::Latchkey {
    /// Where the browser goes after a logout an application asked for: the application's
    /// registered `post_logout_redirect_uri` (with `state`), when the request names the
    /// application (`client_id`, or the audience of an ID token it was given) and that URI;
    /// `None` otherwise (the login page).
    pub async fn after_logout(&self, req: &LogoutRequest, now: i64) -> Result<Option<url::Url>, crate::Error> {
        let Some(uri) = req.post_logout_redirect_uri.as_deref() else {
            return Ok(None);
        };
        let hinted = match req.id_token_hint.as_deref() {
            Some(hint) => match self.signed_by_us::<tokens::IdClaims>(hint, now).await {
                Some(claims) => Some(claims.aud),
                // A hint that is not one of ours names nobody: no redirect.
                None => return Ok(None),
            },
            None => None,
        };
        let client_id = match (hinted, req.client_id.as_deref()) {
            (Some(aud), Some(named)) if aud != named => return Ok(None),
            (Some(aud), _) => aud,
            (None, Some(named)) => named.to_owned(),
            (None, None) => return Ok(None),
        };
        let Some(app) = clients::find(&self.db, &client_id).await? else {
            return Ok(None);
        };
        if !clients::registered(&app.post_logout_redirect_uris, uri) {
            return Ok(None);
        }
        let mut url = url::Url::parse(uri).map_err(|e| crate::Error::System(e.to_string()))?;
        if let Some(state) = &req.state {
            url.query_pairs_mut().append_pair("state", state);
        }
        Ok(Some(url))
    }
}
