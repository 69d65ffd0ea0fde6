#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Several `latchkey serve` processes on one PostgreSQL database, and a database outage.
//! Needs `LATCHKEY_TEST_PG_URL` (a user that may create databases); `make test` sets it.

mod common;

use std::collections::BTreeMap;

use common::{Server, eventually, status};
use latchkey_test_support::{PgDatabase, TEST_KEY};
use tempfile::TempDir;

fn cli(db: &PgDatabase, dir: &TempDir, args: &[&str], stdin: &str) {
    let env = [("LATCHKEY_DATABASE_URL", db.url.clone()), ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned())];
    common::cli(dir.path(), &env, args, stdin);
}

fn mails(dir: &std::path::Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(path).unwrap())
        })
        .collect()
}

#[test]
fn two_servers_share_one_database() {
    let db = PgDatabase::create("p_two");
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("mail");
    let emails: Vec<String> = (0..6).map(|i| format!("person{i}@example.com")).collect();
    for email in &emails {
        cli(
            &db,
            &dir,
            &["user", "add", "--email", email, "--role", "consumer", "--password-stdin"],
            "correct horse battery staple\n",
        );
    }
    let env = [
        ("LATCHKEY_DATABASE_URL", db.url.clone()),
        ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned()),
        ("LATCHKEY_MAIL_DIR", mail_dir.display().to_string()),
        ("LATCHKEY_TRUST_PROXY", "true".to_owned()),
        ("LATCHKEY_RATE_LIMIT_IP_PER_MIN", "10".to_owned()),
    ];
    let servers = [Server::start(dir.path(), &env), Server::start(dir.path(), &env)];

    // Six requests spread over both servers: six emails, each exactly once.
    for (i, email) in emails.iter().enumerate() {
        let response = servers[i % 2].post("/api/auth/forgot", &format!("email={email}"), &format!("203.0.113.{i}"));
        assert_eq!(status(&response.unwrap()), 200);
    }
    // Once no message is waiting or being sent, nothing more can be written: then count.
    let undelivered = "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL";
    eventually(20, "every message was delivered", || db.count(undelivered) == 0);
    let written = mails(&mail_dir);
    assert_eq!(written.len(), 6, "no email twice: {:?}", written.keys());
    for email in &emails {
        assert_eq!(written.values().filter(|m| m.contains(&format!("To: {email}"))).count(), 1, "{email}");
    }

    // A link requested through the first server redeems through the second.
    let eml = written.values().find(|m| m.contains("To: person0@example.com")).unwrap();
    let body = format!(
        "token={}&password=a+brand+new+passphrase&confirm=a+brand+new+passphrase",
        common::link_token(eml).unwrap()
    );
    assert_eq!(status(&servers[1].post("/api/auth/reset", &body, "198.51.100.1").unwrap()), 200);

    // The per-IP limit is one count for both servers.
    for i in 0..10 {
        let response = servers[i % 2].post("/api/auth/forgot", "email=bad", "198.51.100.77").unwrap();
        assert_eq!(status(&response), 422, "request {i}");
    }
    assert_eq!(status(&servers[0].post("/api/auth/forgot", "email=bad", "198.51.100.77").unwrap()), 429);
    assert_eq!(status(&servers[1].post("/api/auth/forgot", "email=bad", "198.51.100.77").unwrap()), 429);
}

#[test]
fn readiness_follows_the_database_without_a_restart() {
    let db = PgDatabase::create("p_ready");
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &[
            ("LATCHKEY_DATABASE_URL", db.url.clone()),
            ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned()),
            ("LATCHKEY_MAIL_DIR", dir.path().join("mail").display().to_string()),
        ],
    );
    assert_eq!(status(&server.get("/readyz").unwrap()), 200);

    db.drop_database();
    eventually(15, "/readyz answers 503", || status(&server.get("/readyz").unwrap_or_default()) == 503);
    assert_eq!(status(&server.get("/healthz").unwrap()), 200, "the process itself is fine");
    let login = server.post("/api/auth/login", "email=a%40example.com&password=whatever+it+is", "192.0.2.1").unwrap();
    assert_eq!(status(&login), 503, "a clear 'temporarily unavailable', never a crash: {login}");
    assert!(login.contains("\"error\":\"unavailable\""), "{login}");

    db.admin_sql(&format!("CREATE DATABASE {}", db.name));
    eventually(15, "/readyz answers 200 again", || status(&server.get("/readyz").unwrap_or_default()) == 200);
}

#[test]
fn servers_and_migrations_started_together_on_a_fresh_database_all_succeed() {
    let db = PgDatabase::create("p_together");
    let dir = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| cli(&db, &dir, &["migrate"], ""));
        }
    });
    // Servers migrate at start too: two starting together on another fresh database.
    let fresh = PgDatabase::create("p_together_serve");
    let env = [
        ("LATCHKEY_DATABASE_URL", fresh.url.clone()),
        ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned()),
        ("LATCHKEY_MAIL_DIR", dir.path().join("mail").display().to_string()),
    ];
    let servers = std::thread::scope(|scope| {
        let starting: Vec<_> = (0..2).map(|_| scope.spawn(|| Server::start(dir.path(), &env))).collect();
        starting.into_iter().map(|s| s.join().unwrap()).collect::<Vec<_>>()
    });
    for server in &servers {
        assert_eq!(status(&server.get("/readyz").unwrap()), 200);
    }
}

/// Two servers on `db`, which has one API Consumer, ada@example.com (password `PASSWORD`).
fn two_servers_for_ada(db: &PgDatabase) -> (TempDir, [Server; 2]) {
    let dir = tempfile::tempdir().unwrap();
    cli(
        db,
        &dir,
        &["user", "add", "--email", "ada@example.com", "--role", "consumer", "--password-stdin"],
        common::PASSWORD,
    );
    let env = [
        ("LATCHKEY_DATABASE_URL", db.url.clone()),
        ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned()),
        ("LATCHKEY_MAIL_DIR", dir.path().join("mail").display().to_string()),
        // Where the browser would be: a domain name, which passkeys need.
        ("LATCHKEY_BASE_URL", PORTAL.to_owned()),
    ];
    let servers = [Server::start(dir.path(), &env), Server::start(dir.path(), &env)];
    (dir, servers)
}

#[test]
fn one_code_sent_to_two_servers_at_once_signs_in_once() {
    use common::factors::{body, cookie, current_code, post, set_cookies, turn_on_app};

    let db = PgDatabase::create("p_code_once");
    let (_dir, servers) = two_servers_for_ada(&db);
    let login = |server: &Server| {
        let answer = server.post(
            "/api/auth/login",
            "email=ada%40example.com&password=correct+horse+battery+staple",
            "192.0.2.1",
        );
        answer.unwrap()
    };
    let session = cookie(&set_cookies(&login(&servers[0])), "latchkey_session");
    let secret = turn_on_app(&servers[0], &session);

    // Two browsers at their second step, one on each server, given the same code at once.
    let pending: Vec<String> = servers
        .iter()
        .map(|server| {
            let answer = login(server);
            assert_eq!(body(&answer)["second_factor"], serde_json::json!(["totp"]), "{answer}");
            cookie(&set_cookies(&answer), "latchkey_pending_login")
        })
        .collect();
    let code = format!("code={}", current_code(&secret));
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let sent: Vec<_> = servers
            .iter()
            .zip(&pending)
            .map(|(server, pending)| scope.spawn(|| status(&post(server, "/api/auth/second-factor", pending, &code))))
            .collect();
        sent.into_iter().map(|sent| sent.join().unwrap()).collect()
    });
    let mut sorted = answers.clone();
    sorted.sort();
    assert_eq!(sorted, [200, 422], "one success, one wrong code: {answers:?}");
}

/// The origin the servers of `two_servers_for_ada` are configured for.
const PORTAL: &str = "http://localhost:3000";

#[test]
fn a_passkey_ceremony_begun_on_one_server_finishes_on_the_other_and_its_answer_counts_once() {
    use common::factors::{body, cookie, encode, post};
    use latchkey_test_support::passkey::SoftPasskey;

    let db = PgDatabase::create("p_passkey");
    let (_dir, servers) = two_servers_for_ada(&db);
    let session = cookie(&common::log_in(&servers[0], "ada@example.com"), "latchkey_session");
    let mut passkey = SoftPasskey::new("localhost", PORTAL);
    let begun = post(&servers[0], "/api/account/passkey-options", &session, "name=Laptop");
    let options = body(&begun)["options"].as_str().unwrap_or_else(|| panic!("{begun}")).to_owned();
    let credential = encode(&passkey.create(&options));
    let added = post(&servers[1], "/api/account/passkey", &session, &format!("name=Laptop&credential={credential}"));
    assert_eq!(status(&added), 200, "{added}");

    let begun = post(&servers[1], "/api/auth/passkey-options", "", "");
    let options = body(&begun)["options"].as_str().unwrap_or_else(|| panic!("{begun}")).to_owned();
    let answer = format!("credential={}", encode(&passkey.get(&options)));
    let answers: Vec<String> = std::thread::scope(|scope| {
        let sent: Vec<_> =
            servers.iter().map(|server| scope.spawn(|| post(server, "/api/auth/passkey", "", &answer))).collect();
        sent.into_iter().map(|sent| sent.join().unwrap()).collect()
    });
    let mut statuses: Vec<u16> = answers.iter().map(|a| status(a)).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 401], "one sign-in, one refusal: {answers:?}");
    let signed_in = answers.iter().find(|a| status(a) == 200).unwrap();
    assert_eq!(body(signed_in)["email"], "ada@example.com", "{signed_in}");
    assert_eq!(db.count("SELECT COUNT(*) FROM passkey_ceremonies"), 0, "both ceremonies taken");
}

#[test]
fn a_session_ended_on_one_server_is_refused_by_the_other_at_once() {
    use common::factors::{body, cookie, post, verify};

    let db = PgDatabase::create("p_end_session");
    let (_dir, servers) = two_servers_for_ada(&db);
    let laptop = cookie(&common::log_in(&servers[0], "ada@example.com"), "latchkey_session");
    let phone = cookie(&common::log_in(&servers[1], "ada@example.com"), "latchkey_session");
    assert_eq!(status(&verify(&servers[0], &phone, "")), 200);

    let listed = servers[1]
        .send(&format!(
            "GET /api/account/security HTTP/1.1\r\nHost: x\r\nCookie: {laptop}\r\nConnection: close\r\n\r\n"
        ))
        .unwrap();
    let sessions = body(&listed)["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2, "{listed}");
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["session"].as_str().unwrap().to_owned();

    let ended = post(&servers[1], "/api/account/end-session", &laptop, &format!("session={other}"));
    assert!(matches!(status(&ended), 200 | 302 | 303), "{ended}");
    assert_eq!(status(&verify(&servers[0], &phone, "")), 401, "the other server refuses it at once");
    assert_eq!(status(&verify(&servers[0], &laptop, "")), 200, "the browser that ended it stays signed in");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE kind = 'session_ended' AND actor = 'ada@example.com'"),
        1
    );
}

/// Events queued while no server runs, then delivered by two servers at once: each arrives
/// exactly once, and each account's in the order they happened.
#[test]
fn two_servers_deliver_each_webhook_once_and_in_order_per_account() {
    let db = PgDatabase::create("p_hooks");
    let dir = tempfile::tempdir().unwrap();
    let receiver = common::WebhookReceiver::start(std::time::Duration::from_millis(20));
    let env = [
        ("LATCHKEY_DATABASE_URL", db.url.clone()),
        ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned()),
        ("LATCHKEY_MAIL_DIR", dir.path().join("mail").display().to_string()),
        ("LATCHKEY_WEBHOOK_URL", receiver.url.clone()),
        ("LATCHKEY_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned()),
    ];
    let emails: Vec<String> = (0..4).map(|i| format!("person{i}@example.com")).collect();
    for email in &emails {
        common::cli(dir.path(), &env, &["user", "invite", "--email", email, "--role", "consumer"], "");
        common::cli(dir.path(), &env, &["user", "set-role", "--email", email, "--role", "owner"], "");
        common::cli(dir.path(), &env, &["user", "disable", "--email", email], "");
        common::cli(dir.path(), &env, &["user", "enable", "--email", email], "");
    }
    let _servers = [Server::start(dir.path(), &env), Server::start(dir.path(), &env)];
    eventually(30, "every event was delivered", || {
        db.count("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL") == 0
    });
    let posts = receiver.posts();
    let ids: std::collections::BTreeSet<_> = posts.iter().map(|(id, _)| id).collect();
    assert_eq!(posts.len(), 16, "{posts:?}");
    assert_eq!(ids.len(), 16, "no event twice");
    for email in &emails {
        let events: Vec<String> = posts
            .iter()
            .filter(|(_, body)| body.contains(&format!("\"{email}\"")))
            .map(|(_, body)| {
                serde_json::from_str::<serde_json::Value>(body).unwrap()["type"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            events,
            ["account.invited", "account.role_changed", "account.disabled", "account.enabled"],
            "{email}"
        );
    }
}

#[test]
fn an_openid_connect_flow_begun_on_one_server_finishes_on_the_other() {
    use common::oidc::{App, CALLBACK, sign_in_through};

    let db = PgDatabase::create("p_oidc");
    let (dir, servers) = two_servers_for_ada(&db);
    let env = [("LATCHKEY_DATABASE_URL", db.url.clone()), ("LATCHKEY_SECRET_KEY", TEST_KEY.to_owned())];
    let printed = common::cli(dir.path(), &env, &["client", "add", "--name", "Portal", "--redirect-uri", CALLBACK], "");
    let app = App::of(&printed);
    let session = common::factors::cookie(&common::log_in(&servers[0], "ada@example.com"), "latchkey_session");
    // Authorized on the first, exchanged and refreshed on the second (and back): one database.
    sign_in_through(&app, PORTAL, &servers[0], &servers[1], &session);
    sign_in_through(&app, PORTAL, &servers[1], &servers[0], &session);
}
