#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! The second factor over the wire, as an API client sees it: turning an app on, a login that
//! answers `{"second_factor": ["totp"]}` and signs nobody in, `POST /api/auth/second-factor`,
//! and forward auth's `X-Latchkey-AMR` and `?mfa=true`.

mod common;

use common::{
    factors::{body, cookie, current_code, encode, post, set_cookies, turn_on_app, verify},
    log_in, server_with_owner, status,
};

#[test]
fn a_password_alone_signs_nobody_in_once_an_app_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let password_only = cookie(&log_in(&server, "ada@example.com"), "latchkey_session");
    let header = |response: &str, name: &str| {
        response.lines().find_map(|line| line.strip_prefix(&format!("{name}: "))).map(str::to_owned)
    };
    let before = verify(&server, &password_only, "");
    assert_eq!(header(&before, "x-latchkey-amr").as_deref(), Some("pwd"));
    assert_eq!(status(&verify(&server, &password_only, "?mfa=true")), 403, "one factor");

    let setup = post(&server, "/api/account/authenticator-setup", &password_only, "");
    assert_eq!(status(&setup), 200, "{setup}");
    let setup = body(&setup);
    let (secret, sealed) = (setup["secret"].as_str().unwrap(), setup["setup"].as_str().unwrap());
    assert!(setup["uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let on = post(
        &server,
        "/api/account/authenticator",
        &password_only,
        &format!("setup={}&code={}", encode(sealed), current_code(secret)),
    );
    assert_eq!(status(&on), 200, "{on}");
    let codes: Vec<String> =
        body(&on)["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);

    let login =
        server.post("/api/auth/login", "email=ada%40example.com&password=correct+horse+battery+staple", "192.0.2.1");
    let login = login.unwrap();
    assert_eq!(status(&login), 200, "{login}");
    assert_eq!(body(&login)["second_factor"], serde_json::json!(["totp"]));
    let cookies = set_cookies(&login);
    assert!(!cookies.iter().any(|c| c.starts_with("latchkey_session=") && !c.starts_with("latchkey_session=;")));
    let pending = cookie(&cookies, "latchkey_pending_login");
    assert!(cookies.iter().any(|c| c.starts_with("latchkey_pending_login=") && c.contains("HttpOnly")));
    assert_eq!(status(&verify(&server, &pending, "")), 401, "the step is no session");

    let wrong = post(&server, "/api/auth/second-factor", &pending, "code=000000");
    assert_eq!(status(&wrong), 422, "{wrong}");
    let done = post(&server, "/api/auth/second-factor", &pending, &format!("code={}", codes[0]));
    assert_eq!(status(&done), 200, "{done}");
    assert_eq!(body(&done)["email"], "ada@example.com");
    let session = cookie(&set_cookies(&done), "latchkey_session");
    let verified = verify(&server, &session, "?mfa=true");
    assert_eq!(status(&verified), 200, "{verified}");
    assert_eq!(header(&verified, "x-latchkey-amr").as_deref(), Some("pwd,otp,mfa"));
    let again = post(&server, "/api/auth/second-factor", &pending, &format!("code={}", codes[1]));
    assert_eq!(status(&again), 401, "a step finishes once: {again}");
}

#[test]
fn a_required_second_factor_leaves_an_owner_nothing_but_its_setup() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[("LATCHKEY_REQUIRE_SECOND_FACTOR", "owners".into())]);
    let login =
        server.post("/api/auth/login", "email=ada%40example.com&password=correct+horse+battery+staple", "192.0.2.1");
    let login = login.unwrap();
    assert_eq!(status(&login), 200, "{login}");
    assert_eq!(body(&login)["next"], "/account/security");
    let session = cookie(&set_cookies(&login), "latchkey_session");
    assert_eq!(status(&verify(&server, &session, "")), 401, "forward auth: not signed in yet");
    let page = |path: &str| {
        server
            .send(&format!("GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {session}\r\nConnection: close\r\n\r\n"))
            .unwrap()
    };
    for path in ["/account", "/admin/users", "/account/password"] {
        let answer = page(path);
        assert_eq!(status(&answer), 303, "{path}: {answer}");
        assert!(answer.contains("location: /account/security\r\n"), "{path}: {answer}");
    }
    let api = page("/api/account");
    assert_eq!(status(&api), 403, "{api}");
    assert!(api.contains(r#"{"error":"second_factor_required"}"#), "{api}");
    let security = page("/account/security");
    assert_eq!(status(&security), 200);
    assert!(security.contains("asks you to turn on two-step verification"), "{security}");

    turn_on_app(&server, &session);
    assert_eq!(status(&verify(&server, &session, "")), 200, "set up: forward auth lets the owner through");
    assert_eq!(status(&page("/account")), 200);
}
