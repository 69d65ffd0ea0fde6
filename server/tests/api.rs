#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! The thin API as a client sees it: what it answers to requests it cannot read, what a login
//! does to the session the browser held before, and the audit of an API Consumer refused an
//! owner's page or function.

mod common;

use common::{PASSWORD, cli, log_in, server_with_owner, sqlite_env, status};

#[test]
fn a_field_missing_or_sent_twice_is_a_400_with_a_fixed_message() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let bodies = [
        "password=correct+horse+battery+staple",
        "email=ada%40example.com",
        "email=ada%40example.com&email=eve%40example.com&password=correct+horse+battery+staple",
        "email=ada%40example.com&password=a&password=correct+horse+battery+staple",
    ];
    for body in bodies {
        let response = server.post("/api/auth/login", body, "192.0.2.9").unwrap();
        assert_eq!(status(&response), 400, "{body}: {response}");
        let json = response.split_once("\r\n\r\n").unwrap().1;
        assert_eq!(json, r#"{"error":"bad_request"}"#, "{body}: only the fixed answer");
    }
}

#[test]
fn a_login_ends_the_session_the_browser_held_before() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let session = |cookies: &[String]| {
        cookies.iter().find(|c| c.starts_with("latchkey_session=")).unwrap().split(';').next().unwrap().to_owned()
    };
    let first = session(&log_in(&server, "ada@example.com"));
    let verify = |cookie: &str| {
        status(
            &server
                .send(&format!(
                    "GET /api/auth/verify HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
                ))
                .unwrap(),
        )
    };
    assert_eq!(verify(&first), 200);
    let body = "email=ada%40example.com&password=correct+horse+battery+staple";
    let again = server
        .send(&format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: {first}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
        .unwrap();
    assert_eq!(status(&again), 200, "{again}");
    let cookies: Vec<String> =
        again.lines().filter_map(|line| line.strip_prefix("set-cookie: ")).map(str::to_owned).collect();
    let second = session(&cookies);
    assert_ne!(first, second);
    assert_eq!(verify(&first), 401, "the earlier session ended");
    assert_eq!(verify(&second), 200);
}

#[test]
fn an_api_consumer_refused_an_owners_page_or_function_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let env = sqlite_env(&dir, &[]);
    cli(
        dir.path(),
        &env,
        &["user", "add", "--email", "bob@example.com", "--role", "consumer", "--password-stdin"],
        PASSWORD,
    );
    let cookies = log_in(&server, "bob@example.com");
    let session = cookies.iter().find(|c| c.starts_with("latchkey_session=")).unwrap().split(';').next().unwrap();
    let refused = || {
        let audit = cli(dir.path(), &env, &["audit", "--email", "bob@example.com"], "");
        let lines: Vec<String> =
            audit.lines().filter(|line| line.split('\t').nth(1) == Some("admin_refused")).map(str::to_owned).collect();
        assert!(lines.iter().all(|line| line.contains("bob@example.com\taccount=")), "with the account: {audit}");
        lines.len()
    };
    assert_eq!(refused(), 0);
    let mut seen = 0;
    for path in ["/admin/users", "/api/admin/users"] {
        let response = server
            .send(&format!("GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {session}\r\nConnection: close\r\n\r\n"))
            .unwrap();
        assert_eq!(status(&response), 403, "{path}: {response}");
        let now = refused();
        assert!(now > seen, "{path} is audited");
        seen = now;
    }
}

#[test]
fn guesses_from_twenty_networks_through_a_proxy_check_no_more_passwords_than_one_allowance() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[("LATCHKEY_TRUST_PROXY", "true".to_owned())]);
    // The owner's browser logged in before: it holds the account's device cookie.
    let device = log_in(&server, "ada@example.com")
        .into_iter()
        .find(|c| c.starts_with("latchkey_device="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap();
    let mut checked = 0;
    for i in 0..100 {
        let network = format!("2001:db8:{:x}::1", i % 20);
        let response =
            server.post("/api/auth/login", "email=ada%40example.com&password=not+the+password", &network).unwrap();
        match status(&response) {
            401 => checked += 1,
            429 => {}
            other => panic!("{other}: {response}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords checked");
    let right = "email=ada%40example.com&password=correct+horse+battery+staple";
    let stranger = server.post("/api/auth/login", right, "2001:db8:ffff::1").unwrap();
    assert_eq!(status(&stranger), 429, "{stranger}");
    assert!(stranger.to_ascii_lowercase().contains("\r\nretry-after: "), "{stranger}");
    let owner = server
        .send(&format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             X-Forwarded-For: 2001:db8:ffff::1\r\nCookie: {device}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{right}",
            right.len()
        ))
        .unwrap();
    assert_eq!(status(&owner), 200, "the owner's browser logs in: {owner}");
}
