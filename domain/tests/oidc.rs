#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! The OpenID Connect provider's rules (CONTRACT §16), on SQLite and PostgreSQL, time passed
//! in: PKCE for every client, exact redirect URIs, codes once and within a minute (a second
//! use revokes what the first got), refresh tokens that rotate (a reused one ends the chain),
//! client secrets, `prompt` and `max_age`, ID tokens that check out against the JWKS through
//! a key rotation, and tokens that end with the person's sessions.
mod common;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use common::{ANON, GOOD_PASSWORD, Service, TestDb, secret};
use entity::{AuditKind, audit_event};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::AlgorithmParameters};
use latchkey_domain::{
    accounts::{NewAccount, Role},
    oidc::{
        ACCESS_TOKEN_SECONDS, AuthorizeRequest, Authorized, CODE_SECONDS, ClientCredentials, ID_TOKEN_SECONDS,
        IdClaims, LogoutRequest, NewApp, Refusal, TokenError, TokenRequest, Tokens,
    },
    secret::Secret,
    sessions::Resumed,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};

const EMAIL: &str = "ada@example.com";
const CALLBACK: &str = "https://portal.example.com/callback";
const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-0123456789";
const T0: i64 = 1_800_000_000;

struct Setup {
    k: Service,
    client_id: String,
    secret: Secret<String>,
    session: Secret<String>,
}

/// An account signed in at `T0` and a confidential application that may come back to
/// `CALLBACK` (and, after a logout, to its home page).
async fn setup(t: &TestDb) -> Setup {
    let k = t.latchkey();
    let new = NewAccount {
        email: EMAIL.into(),
        name: Some("Ada".into()),
        role: Role::Owner,
        password: Some(secret(GOOD_PASSWORD)),
    };
    k.add_account(new, 0).await.unwrap();
    let app = NewApp {
        name: "Portal".into(),
        redirect_uris: vec![CALLBACK.into()],
        post_logout_redirect_uris: vec!["https://portal.example.com/".into()],
        public: false,
    };
    let (app, secret) = k.add_app(app, &ANON, T0).await.unwrap();
    let session = k.login(EMAIL, &common::secret(GOOD_PASSWORD), &ANON, T0).await.unwrap().session;
    Setup { k, client_id: app.client_id, secret: secret.unwrap(), session }
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn request(s: &Setup, scope: &str) -> AuthorizeRequest {
    AuthorizeRequest {
        client_id: Some(s.client_id.clone()),
        redirect_uri: Some(CALLBACK.into()),
        response_type: Some("code".into()),
        scope: Some(scope.into()),
        state: Some("st4te".into()),
        nonce: Some("n0nce".into()),
        code_challenge: Some(challenge(VERIFIER)),
        code_challenge_method: Some("S256".into()),
        ..AuthorizeRequest::default()
    }
}

async fn resumed(s: &Setup, now: i64) -> Resumed {
    s.k.live_session(s.session.expose(), now).await.unwrap().unwrap()
}

fn query_value(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned())
}

/// A code for `scope`, given at `now`.
async fn code(s: &Setup, scope: &str, now: i64) -> String {
    let checked = s.k.check_authorize(&request(s, scope)).await.unwrap();
    let url = s.k.grant_code(&checked, &resumed(s, now).await, now).await.unwrap();
    assert_eq!(query_value(&url, "state").as_deref(), Some("st4te"));
    assert!(url.as_str().starts_with(CALLBACK));
    query_value(&url, "code").unwrap()
}

fn credentials(s: &Setup) -> ClientCredentials {
    ClientCredentials { client_id: s.client_id.clone(), secret: Some(secret(s.secret.expose())) }
}

async fn exchange(s: &Setup, code: &str, verifier: &str, now: i64) -> Result<Tokens, TokenError> {
    let form = TokenRequest {
        grant_type: Some("authorization_code".into()),
        code: Some(code.into()),
        redirect_uri: Some(CALLBACK.into()),
        code_verifier: Some(verifier.into()),
        ..TokenRequest::default()
    };
    s.k.exchange(&form, &credentials(s), &ANON, now).await
}

async fn refresh(s: &Setup, token: &str, now: i64) -> Result<Tokens, TokenError> {
    let form = TokenRequest {
        grant_type: Some("refresh_token".into()),
        refresh_token: Some(token.into()),
        ..TokenRequest::default()
    };
    s.k.exchange(&form, &credentials(s), &ANON, now).await
}

/// The ID token's claims, checked against the JWKS the provider publishes at `now`.
async fn verified(s: &Setup, id_token: &str, now: i64) -> IdClaims {
    let kid = jsonwebtoken::decode_header(id_token).unwrap().kid.unwrap();
    let keys = s.k.published_keys(now).await.unwrap();
    let jwk = keys.find(&kid).expect("the token's key is published");
    let AlgorithmParameters::EllipticCurve(ec) = &jwk.algorithm else { panic!("not an EC key") };
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&[&s.client_id]);
    validation.set_issuer(&[s.k.config.http.base_url.as_str().trim_end_matches('/')]);
    validation.validate_exp = false;
    let key = DecodingKey::from_ec_components(&ec.x, &ec.y).unwrap();
    jsonwebtoken::decode::<IdClaims>(id_token, &key, &validation).unwrap().claims
}

fn is_invalid_grant(result: Result<Tokens, TokenError>) -> bool {
    matches!(result, Err(TokenError::InvalidGrant(_)))
}

#[tokio::test]
async fn a_code_becomes_tokens_once_and_the_id_token_checks_out() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let code = code(&s, "openid email profile offline_access", T0 + 5).await;
    let tokens = exchange(&s, &code, VERIFIER, T0 + 10).await.unwrap();
    assert_eq!((tokens.token_type, tokens.expires_in), ("Bearer", ACCESS_TOKEN_SECONDS));
    let claims = verified(&s, &tokens.id_token, T0 + 10).await;
    let account = s.k.list_accounts().await.unwrap().into_iter().find(|a| a.email == EMAIL).unwrap();
    assert_eq!(claims.person.sub, account.id.to_string());
    assert_eq!(claims.aud, s.client_id);
    assert_eq!((claims.iat, claims.exp, claims.auth_time), (T0 + 10, T0 + 10 + ID_TOKEN_SECONDS, T0));
    assert_eq!(claims.nonce.as_deref(), Some("n0nce"));
    assert_eq!(claims.amr, ["pwd"]);
    assert_eq!(claims.person.email.as_deref(), Some(EMAIL));
    assert_eq!(claims.person.email_verified, Some(true));
    assert_eq!(claims.person.name.as_deref(), Some("Ada"));
    assert_eq!(claims.person.latchkey_role, "owner");
    let info = s.k.user_info(&tokens.access_token, T0 + 20).await.unwrap().unwrap();
    assert_eq!(info, claims.person);
    assert!(s.k.user_info(&tokens.access_token, T0 + 10 + ACCESS_TOKEN_SECONDS).await.unwrap().is_none(), "expired");

    // The same code again: refused, and what it gave is revoked.
    assert!(is_invalid_grant(exchange(&s, &code, VERIFIER, T0 + 11).await));
    assert!(s.k.user_info(&tokens.access_token, T0 + 20).await.unwrap().is_none());
    assert!(is_invalid_grant(refresh(&s, tokens.refresh_token.as_deref().unwrap(), T0 + 20).await));
    let reused = audit_event::Entity::find().filter(audit_event::Column::Kind.eq(AuditKind::AppTokenReused));
    assert_eq!(reused.count(&s.k.db).await.unwrap(), 1);
}

#[tokio::test]
async fn scopes_decide_the_claims_and_refresh_tokens() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let tokens = exchange(&s, &code(&s, "openid unknown", T0).await, VERIFIER, T0).await.unwrap();
    assert_eq!(tokens.scope, "openid");
    assert!(tokens.refresh_token.is_none(), "no offline_access, no refresh token");
    let claims = verified(&s, &tokens.id_token, T0).await;
    assert_eq!((claims.person.email, claims.person.name), (None, None));
    assert_eq!(claims.person.latchkey_role, "owner");
}

#[tokio::test]
async fn pkce_is_required_and_checked() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    for (challenge, method) in
        [(None, None), (Some(challenge(VERIFIER)), Some("plain")), (Some("short".into()), Some("S256"))]
    {
        let req = AuthorizeRequest {
            code_challenge: challenge,
            code_challenge_method: method.map(Into::into),
            ..request(&s, "openid")
        };
        let Err(Refusal::Redirect(url)) = s.k.check_authorize(&req).await else { panic!("accepted without S256 PKCE") };
        assert_eq!(query_value(&url, "error").as_deref(), Some("invalid_request"));
        assert_eq!(query_value(&url, "state").as_deref(), Some("st4te"));
    }
    let code = code(&s, "openid", T0).await;
    assert!(is_invalid_grant(exchange(&s, &code, "another-verifier-of-forty-three-characters-or-more", T0).await));
    assert!(exchange(&s, &code, VERIFIER, T0).await.is_ok(), "a wrong verifier does not use the code up");
}

#[tokio::test]
async fn unknown_apps_and_unregistered_redirect_uris_get_no_redirect() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let unknown = AuthorizeRequest { client_id: Some("nobody".into()), ..request(&s, "openid") };
    assert!(matches!(s.k.check_authorize(&unknown).await, Err(Refusal::UnknownApp)));
    for uri in
        ["https://portal.example.com/callback/", "https://evil.example/callback", "https://portal.example.com/CALLBACK"]
    {
        let other = AuthorizeRequest { redirect_uri: Some(uri.into()), ..request(&s, "openid") };
        assert!(matches!(s.k.check_authorize(&other).await, Err(Refusal::RedirectUri)), "{uri}");
    }
    let code_only = AuthorizeRequest { response_type: Some("token".into()), ..request(&s, "openid") };
    let Err(Refusal::Redirect(url)) = s.k.check_authorize(&code_only).await else { panic!() };
    assert_eq!(query_value(&url, "error").as_deref(), Some("unsupported_response_type"));
    let no_openid = AuthorizeRequest { scope: Some("email".into()), ..request(&s, "openid") };
    let Err(Refusal::Redirect(url)) = s.k.check_authorize(&no_openid).await else { panic!() };
    assert_eq!(query_value(&url, "error").as_deref(), Some("invalid_scope"));

    // The exchange must name the redirect URI the code was given for.
    let code = code(&s, "openid", T0).await;
    let form = TokenRequest {
        grant_type: Some("authorization_code".into()),
        code: Some(code),
        redirect_uri: Some("https://portal.example.com/other".into()),
        code_verifier: Some(VERIFIER.into()),
        ..TokenRequest::default()
    };
    assert!(is_invalid_grant(s.k.exchange(&form, &credentials(&s), &ANON, T0).await));
}

#[tokio::test]
async fn codes_expire_after_a_minute() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let code = code(&s, "openid", T0).await;
    assert!(is_invalid_grant(exchange(&s, &code, VERIFIER, T0 + CODE_SECONDS).await));
    let fresh = self::code(&s, "openid", T0).await;
    assert!(exchange(&s, &fresh, VERIFIER, T0 + CODE_SECONDS - 1).await.is_ok());
}

#[tokio::test]
async fn applications_prove_who_they_are() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let code = code(&s, "openid", T0).await;
    let form = TokenRequest {
        grant_type: Some("authorization_code".into()),
        code: Some(code.clone()),
        redirect_uri: Some(CALLBACK.into()),
        code_verifier: Some(VERIFIER.into()),
        ..TokenRequest::default()
    };
    let wrong = ClientCredentials { client_id: s.client_id.clone(), secret: Some(secret("not the secret")) };
    let none = ClientCredentials { client_id: s.client_id.clone(), secret: None };
    let stranger = ClientCredentials { client_id: "nobody".into(), secret: None };
    for who in [wrong, none, stranger] {
        assert!(matches!(s.k.exchange(&form, &who, &ANON, T0).await, Err(TokenError::InvalidClient)));
    }
    assert!(s.k.exchange(&form, &credentials(&s), &ANON, T0).await.is_ok());

    // A public client has no secret and may send none; another app's code is not its own.
    let public = NewApp { name: "SPA".into(), redirect_uris: vec![CALLBACK.into()], public: true, ..NewApp::default() };
    let (public, secret) = s.k.add_app(public, &ANON, T0).await.unwrap();
    assert!(secret.is_none() && public.public);
    let theirs = ClientCredentials { client_id: public.client_id.clone(), secret: None };
    let code = self::code(&s, "openid", T0).await;
    let form = TokenRequest { code: Some(code), ..form };
    assert!(is_invalid_grant(s.k.exchange(&form, &theirs, &ANON, T0).await));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_chain() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let first = exchange(&s, &code(&s, "openid offline_access", T0).await, VERIFIER, T0).await.unwrap();
    let second = refresh(&s, first.refresh_token.as_deref().unwrap(), T0 + 700).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    let claims = verified(&s, &second.id_token, T0 + 700).await;
    assert_eq!((claims.auth_time, claims.nonce), (T0, None));
    let third = refresh(&s, second.refresh_token.as_deref().unwrap(), T0 + 800).await.unwrap();

    // The first refresh token again: someone else has it. The whole chain ends.
    assert!(is_invalid_grant(refresh(&s, first.refresh_token.as_deref().unwrap(), T0 + 900).await));
    assert!(is_invalid_grant(refresh(&s, third.refresh_token.as_deref().unwrap(), T0 + 900).await));
    assert!(s.k.user_info(&third.access_token, T0 + 900).await.unwrap().is_none());
}

#[tokio::test]
async fn two_exchanges_at_once_get_one_set_of_tokens() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    // The second may come as the first commits (a reuse, which also revokes the first's
    // tokens) or beside it (it loses the claim): either way, one exchange succeeds.
    let code = code(&s, "openid offline_access", T0).await;
    let (one, two) = tokio::join!(exchange(&s, &code, VERIFIER, T0), exchange(&s, &code, VERIFIER, T0));
    assert_eq!(usize::from(one.is_ok()) + usize::from(two.is_ok()), 1, "one code, one exchange: {one:?} {two:?}");

    let tokens = exchange(&s, &self::code(&s, "openid offline_access", T0).await, VERIFIER, T0).await.unwrap();
    let presented = tokens.refresh_token.unwrap();
    let (one, two) = tokio::join!(refresh(&s, &presented, T0 + 1), refresh(&s, &presented, T0 + 1));
    assert_eq!(usize::from(one.is_ok()) + usize::from(two.is_ok()), 1, "one refresh: {one:?} {two:?}");
    // The second use ended the chain, the winner's new tokens with it.
    let won = one.or(two).unwrap();
    assert!(is_invalid_grant(refresh(&s, won.refresh_token.as_deref().unwrap(), T0 + 2).await));
}

#[tokio::test]
async fn revoking_a_refresh_token_ends_its_chain() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let tokens = exchange(&s, &code(&s, "openid offline_access", T0).await, VERIFIER, T0).await.unwrap();
    s.k.revoke("not a token", &credentials(&s)).await.unwrap();
    s.k.revoke(tokens.refresh_token.as_deref().unwrap(), &credentials(&s)).await.unwrap();
    assert!(s.k.user_info(&tokens.access_token, T0).await.unwrap().is_none());
    assert!(is_invalid_grant(refresh(&s, tokens.refresh_token.as_deref().unwrap(), T0).await));
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_applications_tokens() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let tokens = exchange(&s, &code(&s, "openid offline_access", T0).await, VERIFIER, T0).await.unwrap();
    s.k.sign_out_everywhere(s.session.expose(), &ANON, T0 + 1).await.unwrap();
    assert!(s.k.user_info(&tokens.access_token, T0 + 2).await.unwrap().is_none());
    assert!(is_invalid_grant(refresh(&s, tokens.refresh_token.as_deref().unwrap(), T0 + 2).await));
}

#[tokio::test]
async fn prompt_and_max_age_ask_for_a_fresh_login() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let session = resumed(&s, T0 + 100).await;
    let k = &s.k;
    let check = |req: AuthorizeRequest| async move { k.check_authorize(&req).await.unwrap() };
    let plain: Authorized = check(request(&s, "openid")).await;
    assert!(plain.needs_login(None, T0), "nobody signed in");
    assert!(!plain.needs_login(Some(&session), T0 + 100));

    let none = check(AuthorizeRequest { prompt: Some("none".into()), ..request(&s, "openid") }).await;
    assert!(none.silent());
    let answer = none.login_required();
    assert_eq!(query_value(&answer, "error").as_deref(), Some("login_required"));
    assert_eq!(query_value(&answer, "state").as_deref(), Some("st4te"));

    let login = check(AuthorizeRequest { prompt: Some("login".into()), ..request(&s, "openid") }).await;
    assert!(login.needs_login(Some(&session), T0 + 100), "prompt=login: the session is not enough");
    let back = login.after_login("client_id=x&prompt=login&state=st4te", T0 + 100);
    assert_eq!(back, format!("/oauth2/authorize?client_id=x&state=st4te&login_after={}", T0 + 100));
    // Back from the login page: a login since then is enough; the old one is not.
    let returned = AuthorizeRequest { login_after: Some(T0 + 100), ..request(&s, "openid") };
    let returned = check(returned).await;
    assert!(returned.needs_login(Some(&session), T0 + 120), "signed in at T0, before the request");
    let again = s.k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, T0 + 110).await.unwrap().session;
    let fresh = s.k.live_session(again.expose(), T0 + 120).await.unwrap().unwrap();
    assert!(!returned.needs_login(Some(&fresh), T0 + 120));

    let max_age = check(AuthorizeRequest { max_age: Some("60".into()), ..request(&s, "openid") }).await;
    assert!(max_age.needs_login(Some(&session), T0 + 61));
    assert!(!max_age.needs_login(Some(&session), T0 + 60));
    let bad = AuthorizeRequest { max_age: Some("soon".into()), ..request(&s, "openid") };
    assert!(matches!(s.k.check_authorize(&bad).await, Err(Refusal::Redirect(_))));
}

#[tokio::test]
async fn rotated_keys_stay_published_until_their_tokens_expire() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let before = exchange(&s, &code(&s, "openid", T0).await, VERIFIER, T0).await.unwrap();
    let old_kid = jsonwebtoken::decode_header(&before.id_token).unwrap().kid.unwrap();
    let new_kid = s.k.rotate_signing_key(T0 + 10).await.unwrap();
    assert_ne!(old_kid, new_kid);
    verified(&s, &before.id_token, T0 + 10).await;
    let after = exchange(&s, &code(&s, "openid", T0 + 20).await, VERIFIER, T0 + 20).await.unwrap();
    assert_eq!(jsonwebtoken::decode_header(&after.id_token).unwrap().kid.unwrap(), new_kid);
    assert_eq!(s.k.published_keys(T0 + 20).await.unwrap().keys.len(), 2);
    let later = s.k.published_keys(T0 + 10 + ID_TOKEN_SECONDS).await.unwrap();
    assert_eq!(later.keys.len(), 1, "the old key's tokens have expired");
}

#[tokio::test]
async fn logout_returns_only_to_a_registered_uri_of_the_named_application() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let tokens = exchange(&s, &code(&s, "openid", T0).await, VERIFIER, T0).await.unwrap();
    let home = "https://portal.example.com/";
    let ask = |hint: Option<&str>, client_id: Option<&str>, uri: &str| LogoutRequest {
        id_token_hint: hint.map(Into::into),
        client_id: client_id.map(Into::into),
        post_logout_redirect_uri: Some(uri.into()),
        state: Some("bye".into()),
    };
    let by_hint = s.k.after_logout(&ask(Some(&tokens.id_token), None, home), T0 + 5000).await.unwrap().unwrap();
    assert_eq!(by_hint.as_str(), "https://portal.example.com/?state=bye");
    assert!(s.k.after_logout(&ask(None, Some(&s.client_id), home), T0).await.unwrap().is_some());
    assert!(s.k.after_logout(&ask(None, Some(&s.client_id), "https://evil.example/"), T0).await.unwrap().is_none());
    assert!(s.k.after_logout(&ask(None, None, home), T0).await.unwrap().is_none(), "no application named");
    assert!(s.k.after_logout(&ask(Some("forged.token.here"), None, home), T0).await.unwrap().is_none());
}

#[tokio::test]
async fn applications_are_listed_and_removed_with_their_tokens() {
    let t = TestDb::new().await;
    let s = setup(&t).await;
    let tokens = exchange(&s, &code(&s, "openid", T0).await, VERIFIER, T0).await.unwrap();
    assert_eq!(s.k.list_apps().await.unwrap().len(), 1);
    let bad =
        NewApp { name: "Bad".into(), redirect_uris: vec!["http://portal.example.com/cb".into()], ..NewApp::default() };
    assert!(s.k.add_app(bad, &ANON, T0).await.is_err(), "plain http to a host that is not loopback");
    assert!(s.k.add_app(NewApp { name: "None".into(), ..NewApp::default() }, &ANON, T0).await.is_err());
    s.k.remove_app(&s.client_id, &ANON, T0).await.unwrap();
    assert!(s.k.list_apps().await.unwrap().is_empty());
    assert!(s.k.user_info(&tokens.access_token, T0).await.unwrap().is_none());
}
