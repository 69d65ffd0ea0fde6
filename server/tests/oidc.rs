#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: a panic is the failure report
//! The OpenID Connect provider as a process (CONTRACT §16): applications added, listed and
//! removed on the command line, a real relying-party library signing in through it, signing
//! keys rotated, and the HTTP rules a library would not try: an unknown application's error
//! page, cross-origin scripts, no caching of tokens.
mod common;

use common::{
    Server, cli,
    factors::{cookie, set_cookies},
    log_in,
    oidc::{App, CALLBACK, sign_in_through},
    server_with_owner, sqlite_env, status,
};

/// Where people would reach Latchkey (plain http: the tests send no mail).
const PORTAL: &str = "http://localhost:3000";

fn add_app(dir: &tempfile::TempDir) -> App {
    let env = sqlite_env(dir, &[]);
    let printed = cli(dir.path(), &env, &["client", "add", "--name", "Portal", "--redirect-uri", CALLBACK], "");
    App::of(&printed)
}

#[test]
fn an_application_signs_ada_in_with_the_openidconnect_crate() {
    let dir = tempfile::tempdir().unwrap();
    let extra = [("LATCHKEY_BASE_URL", PORTAL.to_owned())];
    let server = server_with_owner(&dir, &extra);
    let app = add_app(&dir);
    let env = sqlite_env(&dir, &extra);
    let listed = cli(dir.path(), &env, &["client", "list"], "");
    assert!(listed.contains(&format!("{}\tPortal\tconfidential\t{CALLBACK}", app.id)), "{listed}");

    let session = cookie(&log_in(&server, "ada@example.com"), "latchkey_session");
    let sub = sign_in_through(&app, PORTAL, &server, &server, &session);
    assert_eq!(sub, "1");

    // A rotated key: the next tokens are signed with the new one, which the JWKS publishes
    // beside the old.
    let rotated = cli(dir.path(), &env, &["keys", "rotate"], "");
    assert!(rotated.contains("from now on"), "{rotated}");
    sign_in_through(&app, PORTAL, &server, &server, &session);
    let jwks = server.get("/oauth2/jwks").unwrap();
    assert_eq!(common::factors::body(&jwks)["keys"].as_array().unwrap().len(), 2, "{jwks}");

    let removed = cli(dir.path(), &env, &["client", "remove", "--id", &app.id], "");
    assert!(removed.contains("removed"), "{removed}");
    assert!(!cli(dir.path(), &env, &["client", "list"], "").contains(&app.id));
}

#[test]
fn the_endpoints_answer_as_the_specifications_say() {
    let dir = tempfile::tempdir().unwrap();
    let server: Server = server_with_owner(&dir, &[("LATCHKEY_BASE_URL", PORTAL.to_owned())]);
    let app = add_app(&dir);

    let discovery = server.get("/.well-known/openid-configuration").unwrap();
    let document = common::factors::body(&discovery);
    assert_eq!(document["issuer"], PORTAL);
    assert_eq!(document["token_endpoint"], format!("{PORTAL}/oauth2/token"));
    assert_eq!(document["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert!(discovery.contains("access-control-allow-origin: *"), "{discovery}");

    // An unknown application: the error page, not its redirect URI.
    let unknown = format!("/oauth2/authorize?client_id=nobody&redirect_uri={CALLBACK}&response_type=code&scope=openid");
    let answer = server.get(&unknown).unwrap();
    assert!(answer.contains("location: /auth/app-error?reason=unknown-app"), "{answer}");

    // The token endpoint: cross-site posts welcome (no cookie counts), errors as JSON, no caching.
    let exchange = |auth: &str| {
        let body = "grant_type=authorization_code&code=nothing&redirect_uri=x&code_verifier=y";
        server
            .send(&format!(
                "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nOrigin: https://elsewhere.example\r\nSec-Fetch-Site: cross-site\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ))
            .unwrap()
    };
    let wrong = exchange("Authorization: Basic bm9ib2R5Om5vdGhpbmc=\r\n");
    assert_eq!(status(&wrong), 401, "{wrong}");
    assert_eq!(common::factors::body(&wrong)["error"], "invalid_client");
    let basic = base64_basic(&app.id, &app.secret);
    let unknown_code = exchange(&format!("Authorization: Basic {basic}\r\n"));
    assert_eq!(status(&unknown_code), 400, "{unknown_code}");
    assert_eq!(common::factors::body(&unknown_code)["error"], "invalid_grant");
    assert!(unknown_code.contains("cache-control: no-store"), "{unknown_code}");

    // userinfo without a token, and with one that is not.
    let userinfo = server.get("/oauth2/userinfo").unwrap();
    assert_eq!(status(&userinfo), 401);
    assert!(userinfo.contains("www-authenticate: Bearer"), "{userinfo}");

    // A logout with nowhere registered to go: signed out, and the login page.
    let cookies = log_in(&server, "ada@example.com");
    let session = cookie(&cookies, "latchkey_session");
    let logout = server
        .send(&format!(
            "GET /oauth2/logout?post_logout_redirect_uri=https://evil.example/ HTTP/1.1\r\nHost: x\r\nCookie: {session}\r\nConnection: close\r\n\r\n"
        ))
        .unwrap();
    assert!(logout.contains(&format!("location: {PORTAL}/auth/login")), "{logout}");
    assert!(set_cookies(&logout).iter().any(|c| c.starts_with("latchkey_session=;")), "{logout}");
}

fn base64_basic(id: &str, secret: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
}
