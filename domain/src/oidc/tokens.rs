//! `/oauth2/token`, `/oauth2/userinfo` and `/oauth2/revoke`: codes exchanged once (a second
//! use ends what the first one got), refresh tokens that rotate on every use (a reused one ends
//! the whole chain), and what an access token tells.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::{account, oauth_client, oauth_code, oauth_grant, oauth_token};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ACCESS_TOKEN_SECONDS, ID_TOKEN_SECONDS, Person, REFRESH_TOKEN_SECONDS, clients, issuer};
use crate::{
    Error, Latchkey,
    accounts::Account,
    audit::{self, AuditKind, Client},
    group_commit::{Claim, TokenWrite},
    secret::Secret,
    token::{hash_token, new_token},
};

pub(super) const ACCESS: &str = "access";
const REFRESH: &str = "refresh";

/// The form posted to the token endpoint, as sent.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    /// `client_secret_post`; `client_secret_basic` comes in [`ClientCredentials`].
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// Who the application says it is: from `Authorization: Basic` or the form.
#[derive(Clone, Debug, Default)]
pub struct ClientCredentials {
    pub client_id: String,
    pub secret: Option<Secret<String>>,
}

/// The token endpoint's answer.
#[derive(Clone, Debug, Serialize)]
pub struct Tokens {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub id_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
}

/// The errors of RFC 6749 §5.2.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("invalid_request: {0}")]
    InvalidRequest(&'static str),
    /// Unknown application, wrong or missing secret: 401.
    #[error("invalid_client")]
    InvalidClient,
    #[error("invalid_grant: {0}")]
    InvalidGrant(&'static str),
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    #[error(transparent)]
    System(#[from] Error),
}

impl From<sea_orm::DbErr> for TokenError {
    fn from(err: sea_orm::DbErr) -> Self {
        TokenError::System(err.into())
    }
}

impl TokenError {
    /// The `error` code of the answer.
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::InvalidRequest(_) => "invalid_request",
            TokenError::InvalidClient => "invalid_client",
            TokenError::InvalidGrant(_) => "invalid_grant",
            TokenError::UnsupportedGrantType => "unsupported_grant_type",
            TokenError::System(_) => "server_error",
        }
    }

    /// Its `error_description`.
    pub fn description(&self) -> &'static str {
        match self {
            TokenError::InvalidRequest(why) | TokenError::InvalidGrant(why) => why,
            TokenError::InvalidClient => "unknown application or wrong client secret",
            TokenError::UnsupportedGrantType => "grant_type must be authorization_code or refresh_token",
            TokenError::System(_) => "temporarily unavailable",
        }
    }
}

/// What `/oauth2/userinfo` answers for an access token.
pub type UserInfo = Person;

/// The claims of an ID token.
#[derive(Serialize, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub amr: Vec<String>,
    /// `sub` and the claims the scopes allow.
    #[serde(flatten)]
    pub person: Person,
}

impl Latchkey {
    /// The token endpoint: a code or a refresh token exchanged for tokens.
    pub async fn exchange(
        &self,
        form: &TokenRequest,
        credentials: &ClientCredentials,
        client: &Client,
        now: i64,
    ) -> Result<Tokens, TokenError> {
        let app = self.authenticate(credentials).await?;
        match form.grant_type.as_deref() {
            Some("authorization_code") => self.exchange_code(&app, form, client, now).await,
            Some("refresh_token") => self.refresh(&app, form, client, now).await,
            None => Err(TokenError::InvalidRequest("grant_type is missing")),
            Some(_) => Err(TokenError::UnsupportedGrantType),
        }
    }

    /// The person an access token speaks for, if it is live.
    pub async fn user_info(&self, access_token: &str, now: i64) -> Result<Option<UserInfo>, Error> {
        let Some((token, grant)) = oauth_token::Entity::find_by_id(hash_token(access_token))
            .find_also_related(oauth_grant::Entity)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let Some(grant) = grant.filter(|_| token.kind == ACCESS && now < token.expires_at) else {
            return Ok(None);
        };
        let account = enabled(&self.db, grant.account_id).await?;
        Ok(account.map(|account| Person::of(&account, &grant.scope)))
    }

    /// RFC 7009: a refresh token ends its whole chain, an access token itself. Tokens of other
    /// applications, unknown and expired ones are left alone, with the same answer.
    pub async fn revoke(&self, token: &str, credentials: &ClientCredentials) -> Result<(), TokenError> {
        let app = self.authenticate(credentials).await?;
        let found = oauth_token::Entity::find_by_id(hash_token(token))
            .find_also_related(oauth_grant::Entity)
            .one(&self.db)
            .await?;
        if let Some((token, Some(grant))) = found
            && grant.client_id == app.client_id
        {
            if token.kind == REFRESH {
                oauth_grant::Entity::delete_by_id(grant.id).exec(&self.db).await?;
            } else {
                oauth_token::Entity::delete_by_id(token.token_hash).exec(&self.db).await?;
            }
        }
        Ok(())
    }

    /// The application, if its credentials are right: a public one has no secret, a
    /// confidential one must send its own.
    async fn authenticate(&self, credentials: &ClientCredentials) -> Result<oauth_client::Model, TokenError> {
        let app = clients::find(&self.db, &credentials.client_id).await?.ok_or(TokenError::InvalidClient)?;
        let secret = credentials.secret.as_ref().map(|s| s.expose().as_str());
        if clients::secret_matches(&app, secret) { Ok(app) } else { Err(TokenError::InvalidClient) }
    }

    async fn exchange_code(
        &self,
        app: &oauth_client::Model,
        form: &TokenRequest,
        client: &Client,
        now: i64,
    ) -> Result<Tokens, TokenError> {
        let code = form.code.as_deref().ok_or(TokenError::InvalidRequest("code is missing"))?;
        let found = oauth_code::Entity::find_by_id(hash_token(code)).one(&self.db).await?;
        let Some(found) = found.filter(|found| found.client_id == app.client_id) else {
            return Err(TokenError::InvalidGrant("unknown code"));
        };
        if let Some(grant) = found.grant_id {
            self.end_reused(grant, found.account_id, client, now).await?;
            return Err(TokenError::InvalidGrant("this code was used already: what it gave is revoked"));
        }
        if now >= found.expires_at {
            return Err(TokenError::InvalidGrant("the code has expired"));
        }
        if form.redirect_uri.as_deref() != Some(found.redirect_uri.as_str()) {
            return Err(TokenError::InvalidGrant("redirect_uri is not the one the code was given for"));
        }
        let verifier = form.code_verifier.as_deref().ok_or(TokenError::InvalidGrant("code_verifier is missing"))?;
        if !pkce_matches(verifier, &found.code_challenge) {
            return Err(TokenError::InvalidGrant("code_verifier does not match the code_challenge"));
        }
        let Some(account) = enabled(&self.db, found.account_id).await? else {
            return Err(TokenError::InvalidGrant("the account cannot sign in"));
        };
        let offline = found.scope.split(' ').any(|s| s == "offline_access");
        let id_token = self
            .id_token(&app.client_id, &account, &found.scope, &found.amr, found.auth_time, found.nonce.clone(), now)
            .await?;
        let grant = oauth_grant::ActiveModel {
            client_id: Set(app.client_id.clone()),
            account_id: Set(account.id),
            scope: Set(found.scope.clone()),
            amr: Set(found.amr.clone()),
            auth_time: Set(found.auth_time),
            created_at: Set(now),
            expires_at: Set(now + if offline { REFRESH_TOKEN_SECONDS } else { ACCESS_TOKEN_SECONDS }),
            ..Default::default()
        };
        let (tokens, rows) = new_tokens(&found.scope, id_token, offline, now)?;
        // Two exchanges of one code at once: one of them claims it.
        let claim = Claim::Code { code_hash: found.code_hash, grant };
        if self.writes.store_tokens(TokenWrite { claim, tokens: rows }).await? {
            Ok(tokens)
        } else {
            Err(TokenError::InvalidGrant("this code was used already"))
        }
    }

    async fn refresh(
        &self,
        app: &oauth_client::Model,
        form: &TokenRequest,
        client: &Client,
        now: i64,
    ) -> Result<Tokens, TokenError> {
        let presented = form.refresh_token.as_deref().ok_or(TokenError::InvalidRequest("refresh_token is missing"))?;
        let found = oauth_token::Entity::find_by_id(hash_token(presented))
            .find_also_related(oauth_grant::Entity)
            .one(&self.db)
            .await?;
        let Some((token, Some(grant))) = found.filter(|(token, grant)| {
            token.kind == REFRESH && grant.as_ref().is_some_and(|grant| grant.client_id == app.client_id)
        }) else {
            return Err(TokenError::InvalidGrant("unknown refresh token"));
        };
        if token.used {
            self.end_reused(grant.id, grant.account_id, client, now).await?;
            return Err(TokenError::InvalidGrant("this refresh token was used already: its chain is ended"));
        }
        if now >= token.expires_at {
            return Err(TokenError::InvalidGrant("the refresh token has expired"));
        }
        let Some(account) = enabled(&self.db, grant.account_id).await? else {
            return Err(TokenError::InvalidGrant("the account cannot sign in"));
        };
        let id_token =
            self.id_token(&app.client_id, &account, &grant.scope, &grant.amr, grant.auth_time, None, now).await?;
        let (tokens, rows) = new_tokens(&grant.scope, id_token, true, now)?;
        let claim = Claim::Refresh {
            token_hash: token.token_hash,
            grant_id: grant.id,
            expires_at: now + REFRESH_TOKEN_SECONDS,
        };
        if self.writes.store_tokens(TokenWrite { claim, tokens: rows }).await? {
            Ok(tokens)
        } else {
            self.end_reused(grant.id, grant.account_id, client, now).await?;
            Err(TokenError::InvalidGrant("this refresh token was used already: its chain is ended"))
        }
    }

    /// A code or refresh token came a second time: someone else may hold it. Everything it
    /// led to ends, and the event is audited.
    async fn end_reused(&self, grant: i64, account_id: i64, client: &Client, now: i64) -> Result<(), TokenError> {
        let _turn = self.writes.exclusive().await;
        oauth_grant::Entity::delete_by_id(grant).exec(&self.db).await?;
        let account = account::Entity::find_by_id(account_id).one(&self.db).await?;
        let email = account.as_ref().map(|account| account.email.as_str());
        audit::record(&self.db, AuditKind::AppTokenReused, Some(account_id), email, client, now).await?;
        Ok(())
    }

    /// The ID token for `account`, under what was granted. Signed before any write, so that
    /// the turn to write is never held for a signature.
    #[allow(clippy::too_many_arguments)]
    async fn id_token(
        &self,
        client_id: &str,
        account: &Account,
        scope: &str,
        amr: &str,
        auth_time: i64,
        nonce: Option<String>,
        now: i64,
    ) -> Result<String, TokenError> {
        let claims = IdClaims {
            iss: issuer(&self.config.http.base_url),
            aud: client_id.to_owned(),
            exp: now + ID_TOKEN_SECONDS,
            iat: now,
            auth_time,
            nonce,
            amr: amr.split(',').filter(|m| !m.is_empty()).map(str::to_owned).collect(),
            person: Person::of(account, scope),
        };
        Ok(self.sign(&self.db, &claims, now).await?)
    }
}

/// A fresh access token and (`with_refresh`) refresh token, as the answer and as the rows to
/// store (their grant is the claim's, set when it holds).
fn new_tokens(
    scope: &str,
    id_token: String,
    with_refresh: bool,
    now: i64,
) -> Result<(Tokens, Vec<oauth_token::ActiveModel>), Error> {
    let row = |hash: String, kind: &str, expires_at: i64| oauth_token::ActiveModel {
        token_hash: Set(hash),
        kind: Set(kind.to_owned()),
        expires_at: Set(expires_at),
        used: Set(false),
        ..Default::default()
    };
    let (access_token, access_hash) = new_token()?;
    let mut rows = vec![row(access_hash, ACCESS, now + ACCESS_TOKEN_SECONDS)];
    let refresh_token = if with_refresh {
        let (refresh_token, refresh_hash) = new_token()?;
        rows.push(row(refresh_hash, REFRESH, now + REFRESH_TOKEN_SECONDS));
        Some(refresh_token.expose().clone())
    } else {
        None
    };
    let tokens = Tokens {
        id_token,
        access_token: access_token.expose().clone(),
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token,
        scope: scope.to_owned(),
    };
    Ok((tokens, rows))
}

async fn enabled(db: &impl ConnectionTrait, account_id: i64) -> Result<Option<Account>, Error> {
    let found = account::Entity::find_by_id(account_id).one(db).await?;
    Ok(found.filter(|account| !account.disabled && account.awaiting.is_none()))
}

/// RFC 7636 §4.6 with S256: the verifier is 43 to 128 unreserved characters, and its
/// base64url SHA-256 is the challenge.
fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    (43..=128).contains(&verifier.len())
        && verifier.bytes().all(unreserved)
        && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_follows_rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
        assert!(!pkce_matches("short", challenge));
        assert!(!pkce_matches(&format!("{verifier}!"), challenge));
    }
}
