#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! `latchkey serve` as a process: it starts, answers, and shuts down cleanly on SIGTERM.

mod common;

use std::{
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

use common::{PASSWORD, Server, cli, log_in, server_with_owner, sqlite_env, sqlite_server, status, wait_for_log};
use tempfile::TempDir;

/// `GET path` with extra header lines (each ending in CRLF), on a connection of its own.
fn get_with(server: &Server, path: &str, headers: &str) -> String {
    server.send(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n")).unwrap()
}

#[test]
fn health_and_readiness_answer() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    assert_eq!(status(&server.get("/healthz").unwrap()), 200);
    assert_eq!(status(&server.get("/readyz").unwrap()), 200);
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = sqlite_server(&dir);
    // A connection the server has surely taken (it answered on it), then a login whose body
    // is still arriving when the signal comes: in flight, as far as the client can tell.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = [0u8; 512];
    let read = stream.read(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"), "the first answer");
    let body = "email=nobody%40example.com&password=not+the+password+at+all";
    let (first, rest) = body.split_at(10);
    write!(
        stream,
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    server.terminate();
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert_eq!(status(&response), 401, "the request in flight was answered: {response}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit status {exit:?}");
    assert!(server.get("/healthz").is_none(), "no longer accepting connections");
}

#[test]
fn bodies_over_16_kib_get_413_even_when_chunked() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let chunk = "x".repeat(4096);
    let mut request = String::from(
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    );
    request.push_str(&format!("{:x}\r\nemail=a%40example.com&password=\r\n", "email=a%40example.com&password=".len()));
    for _ in 0..5 {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    let response = server.send(&request).unwrap();
    assert_eq!(status(&response), 413, "{response}");

    // A small chunked body is read as usual.
    let body = "email=a%40example.com&password=not+the+password+at+all";
    let small = format!(
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    assert_eq!(status(&server.send(&small).unwrap()), 401);
}

#[test]
fn a_browser_saying_cross_site_is_refused_without_an_origin() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let body = "email=a%40example.com";
    let request = |fetch_site: &str| {
        format!(
            "POST /api/auth/forgot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Sec-Fetch-Site: {fetch_site}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    assert_eq!(status(&server.send(&request("cross-site")).unwrap()), 403);
    assert_eq!(status(&server.send(&request("same-origin")).unwrap()), 200);
}

/// A form on a page sent with `Referrer-Policy: no-referrer` (the authenticator setup) comes
/// with `Origin: null`: it passes only when the browser says it is of this origin.
#[test]
fn a_null_origin_passes_only_from_this_origin() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let body = "email=a%40example.com";
    let request = |fetch_site: Option<&str>| {
        let fetch_site = fetch_site.map(|site| format!("Sec-Fetch-Site: {site}\r\n")).unwrap_or_default();
        format!(
            "POST /api/auth/forgot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Origin: null\r\n{fetch_site}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    assert_eq!(status(&server.send(&request(Some("cross-site"))).unwrap()), 403);
    assert_eq!(status(&server.send(&request(Some("same-site"))).unwrap()), 403, "a sibling subdomain");
    assert_eq!(status(&server.send(&request(None)).unwrap()), 403, "a browser that does not say");
    assert_eq!(status(&server.send(&request(Some("same-origin"))).unwrap()), 200);
}

#[test]
fn pages_go_out_compressed_when_accepted_except_those_carrying_a_reset_token() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let encoding = |path: &str, accept: &str| {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n");
        let response = server.send(&request).unwrap();
        let head = response.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        head.lines().find_map(|line| line.strip_prefix("content-encoding: ").map(str::to_owned))
    };
    assert_eq!(encoding("/auth/login", "br, gzip").as_deref(), Some("br"));
    assert_eq!(encoding("/auth/forgot", "gzip").as_deref(), Some("gzip"));
    assert_eq!(encoding("/auth/login", "identity"), None);
    // BREACH: a page holding a secret beside other text is never compressed.
    assert_eq!(encoding("/auth/reset/code?token=abcdefgh", "br, gzip"), None);
}

#[test]
fn a_page_goes_out_whole_with_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let response = server.send("GET /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let head = head.to_ascii_lowercase();
    assert!(!head.contains("transfer-encoding"), "{head}");
    let length = head.lines().find_map(|line| line.strip_prefix("content-length: ")).expect("a length");
    assert_eq!(length.parse::<usize>().unwrap(), body.len());
    assert!(body.starts_with("<!DOCTYPE html>") && body.contains("</html>"), "{body}");
}

#[test]
fn each_view_of_a_page_has_its_own_nonce_and_nothing_of_anyone_elses() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let get = |path: &str, headers: &str| get_with(&server, path, headers);
    // The page's nonce, in its policy and on its script, which must agree.
    let nonce = |page: &str| {
        let nonce = page.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
        assert!(page.contains(&format!("nonce=\"{nonce}\"")), "the script's nonce is the policy's: {page}");
        nonce
    };
    for path in ["/auth/login", "/auth/forgot"] {
        let views: Vec<String> = (0..3).map(|_| get(path, "")).collect();
        let nonces: Vec<String> = views.iter().map(|view| nonce(view)).collect();
        assert!(nonces[0] != nonces[1] && nonces[1] != nonces[2] && nonces[0] != nonces[2], "{nonces:?}");
        let body = |view: &str, nonce: &str| view.split_once("\r\n\r\n").unwrap().1.replace(nonce, "NONCE");
        assert_eq!(body(&views[0], &nonces[0]), body(&views[2], &nonces[2]));
    }
    // What makes a page someone's own is never handed to the next visitor.
    let returning = get("/auth/login?return_to=/portal/keys", "");
    assert!(returning.contains("name=\"return_to\" value=\"/portal/keys\""), "{returning}");
    let typed = get("/auth/login", "Cookie: latchkey_login_email=ada%40example.com\r\n");
    assert!(typed.contains("value=\"ada@example.com\""), "{typed}");
    let next = get("/auth/login", "");
    assert!(!next.contains("/portal/keys") && !next.contains("ada@example.com"), "{next}");
    // Each language its own page, chosen by the browser's header or the language cookie.
    assert!(get("/auth/login", "Accept-Language: de\r\n").contains(">Passwort vergessen?</a>"));
    assert!(get("/auth/login", "Cookie: latchkey_lang=de\r\n").contains(">Passwort vergessen?</a>"));
    assert!(get("/auth/login", "").contains(">Forgot Password?</a>"));
}

/// A cookie whose name is percent-encoded (`latchkey%5Flogin_email` reads as
/// `latchkey_login_email`) fills the login form's Email field of its own answer, and of no one
/// else's: nothing of one request is kept for the next, in any language.
#[test]
fn a_crafted_cookie_shows_in_its_own_answer_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let crafted = "Cookie: latchkey%5Flogin_email=pay-attacker-now%40evil.example\r\n";
    for lang in ["en", "de"] {
        let first = get_with(&server, "/auth/login", &format!("{crafted}Accept-Language: {lang}\r\n"));
        assert!(first.contains("pay-attacker-now@evil.example"), "the crafted request's own field: {first}");
    }
    for lang in ["en", "de"] {
        let clean = get_with(&server, "/auth/login", &format!("Accept-Language: {lang}\r\n"));
        assert_eq!(status(&clean), 200, "{clean}");
        assert!(clean.contains(&format!("<html lang=\"{lang}\"")), "{clean}");
        assert!(!clean.contains("pay-attacker-now") && !clean.contains("evil.example"), "{lang}: {clean}");
    }
}

#[test]
fn a_login_page_a_proxy_sends_people_to_leads_each_back_where_they_were_going() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let login = |query: &str| get_with(&server, &format!("/auth/login?{query}"), "");
    // The query, the hidden field's value, and the way back in the links to other languages.
    let ways_back = [
        ("return_to=%2Fportal%2Fkeys", "/portal/keys", "%2Fportal%2Fkeys"),
        (
            "return_to=https%3A%2F%2Fportal.example.com%2Fdocs%3Fpage%3D2",
            "https://portal.example.com/docs?page=2",
            "https%3A%2F%2Fportal.example.com%2Fdocs%3Fpage%3D2",
        ),
        // The language links keep the query as it came.
        ("return_to=/account", "/account", "/account"),
        // Escaped as an attribute needs.
        (
            "return_to=%2Fsearch%3Fq%3D1%26r%3D%22x%22",
            "/search?q=1&amp;r=&quot;x&quot;",
            "%2Fsearch%3Fq%3D1%26r%3D%22x%22",
        ),
    ];
    for round in 0..2 {
        for (query, value, encoded) in ways_back {
            let page = login(query);
            assert_eq!(status(&page), 200, "{page}");
            assert!(page.contains(&format!("name=\"return_to\" value=\"{value}\"")), "round {round}: {page}");
            assert!(page.contains(&format!("?return_to={encoded}&amp;lang=de\"")), "round {round}: {page}");
            for (_, other, _) in ways_back.iter().filter(|(_, other, _)| *other != value) {
                assert!(!page.contains(other), "the page for {value} leads to {other}: {page}");
            }
        }
    }
    // The page as anyone first sees it leads nowhere in particular.
    assert!(!login("").contains("return_to"));
    assert!(!get_with(&server, "/auth/login", "").contains("return_to"));
}

#[test]
fn a_reset_page_shows_each_person_their_own_address_and_link_and_nothing_of_others() {
    let dir = tempfile::tempdir().unwrap();
    let env = sqlite_env(&dir, &[]);
    let add = |email: &str, password: &str| {
        let args = ["user", "add", "--email", email, "--role", "consumer"];
        match password {
            "" => cli(dir.path(), &env, &args, ""),
            password => cli(dir.path(), &env, &[&args[..], &["--password-stdin"]].concat(), password),
        }
    };
    let token_of = |output: &str| output.trim().rsplit("token=").next().unwrap().to_owned();
    let link = |email: &str| token_of(&cli(dir.path(), &env, &["user", "reset-link", "--email", email], ""));
    add("ada@example.com", PASSWORD);
    add("grace.hopper+portal@navy.example", PASSWORD);
    let invitation = token_of(&add("new@example.org", ""));
    add("o'brien@example.com", PASSWORD);
    let people = [
        ("ada@example.com", link("ada@example.com"), "Choose a new password"),
        ("grace.hopper+portal@navy.example", link("grace.hopper+portal@navy.example"), "Choose a new password"),
        ("new@example.org", invitation, "Choose a password for your account"),
        ("brien@example.com", link("o'brien@example.com"), "Choose a new password"),
    ];
    let server = Server::start(dir.path(), &env);
    let page = |token: &str| get_with(&server, &format!("/auth/reset/code?token={token}"), "");
    for round in 0..2 {
        for (email, token, heading) in &people {
            let view = page(token);
            assert_eq!(status(&view), 200, "{view}");
            assert!(view.contains(heading) && view.contains(email), "round {round}: {view}");
            assert!(view.contains(&format!("name=\"token\" value=\"{token}\"")), "round {round}: {view}");
            for (other, other_token, _) in people.iter().filter(|(other, ..)| other != email) {
                assert!(!view.contains(other) && !view.contains(other_token), "{email}'s page shows {other}'s: {view}");
            }
        }
    }
    // Once used, the page says so.
    let (_, ada_token, _) = &people[0];
    let body = format!("token={ada_token}&password=a+brand+new+passphrase&confirm=a+brand+new+passphrase");
    let reset = server.post("/api/auth/reset", &body, "192.0.2.1").unwrap();
    assert!(status(&reset) < 400, "{reset}");
    assert!(page(ada_token).contains("This link is invalid or has expired"));
    assert!(page("no-such-token").contains("This link is invalid or has expired"));
    // A link that cannot be used is gone (410), whoever asks; a HEAD is answered as the GET is.
    let (_, grace_token, _) = &people[1];
    for gone in [ada_token.as_str(), "no-such-token"] {
        let view = get_with(&server, &format!("/auth/reset/code?token={gone}"), "Accept: text/html\r\n");
        assert_eq!(status(&view), 410, "{view}");
        assert!(view.contains("This link is invalid or has expired"), "{view}");
    }
    let head = |token: &str| {
        let request =
            format!("HEAD /auth/reset/code?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        status(&server.send(&request).unwrap())
    };
    assert_eq!((head(grace_token), head("no-such-token")), (200, 410));
}

#[test]
fn a_forgot_confirmation_repeats_each_person_their_own_address_and_nobody_elses() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let sent = |headers: &str| get_with(&server, "/auth/forgot?sent=1", headers);
    let typed =
        |email: &str| format!("Cookie: latchkey_lang=en; latchkey_forgot_email={}\r\n", email.replace('@', "%40"));
    let confirmation = "we have sent it an email with a link to reset your password";
    let nobody = sent("");
    assert!(nobody.contains(confirmation) && !nobody.contains("<strong>"), "{nobody}");
    let people = ["ada@example.com", "grace.hopper+portal@navy.example", "o'brien@example.com"];
    for round in 0..2 {
        for email in people {
            let view = sent(&typed(email));
            assert_eq!(status(&view), 200, "{view}");
            assert!(view.contains(confirmation) && view.contains(&email[2..]), "round {round}: {view}");
            for other in people.iter().filter(|other| **other != email) {
                assert!(!view.contains(&other[2..]), "{email}'s confirmation shows {other}: {view}");
            }
        }
        let nobody = sent("");
        assert!(!nobody.contains("<strong>") && !nobody.contains("example.com"), "round {round}: {nobody}");
    }
    // Each language its own confirmation.
    let german = sent(&typed("ada@example.com").replace("latchkey_lang=en", "latchkey_lang=de"));
    assert!(german.contains("Sehen Sie in Ihrem Posteingang nach") && german.contains("ada@example.com"), "{german}");
    // Beside other cookies (a session's, say).
    let other = sent("Cookie: latchkey_forgot_email=ada%40example.com; latchkey_session=s\r\n");
    assert!(other.contains(confirmation) && other.contains("ada@example.com"), "{other}");
}

#[test]
fn the_account_page_shows_who_is_signed_in_and_sends_anyone_else_to_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let cookies = log_in(&server, "ada@example.com");
    let session = cookies.iter().find(|cookie| cookie.starts_with("latchkey_session=")).unwrap();
    let cookie = format!("Cookie: {}\r\n", session.split(';').next().unwrap());
    let page = get_with(&server, "/account", &cookie);
    assert_eq!(status(&page), 200, "{page}");
    assert!(page.contains("<dd>ada@example.com</dd>") && page.contains("API Owner"), "{page}");
    assert!(page.contains("href=\"/admin/users\""), "an owner's page leads to the accounts: {page}");
    // The change-password page too: for the account signed in, with the policy's fields.
    let change = get_with(&server, "/account/password", &cookie);
    assert_eq!(status(&change), 200, "{change}");
    for part in ["value=\"ada@example.com\"", "name=\"current\"", "name=\"password\"", "name=\"confirm\""] {
        assert!(change.contains(part), "{part}: {change}");
    }
    let signed_out = get_with(&server, "/account/password", "");
    assert!(signed_out.contains("/auth/login?return_to="), "{signed_out}");
    // A HEAD is answered as the GET is, signed in or not.
    let head = |headers: &str| {
        server
            .send(&format!("HEAD /account HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"))
            .unwrap()
    };
    assert_eq!(status(&head(&cookie)), 200);
    for signed_out in [
        head(""),
        get_with(&server, "/account", ""),
        get_with(&server, "/account", "Cookie: latchkey_session=gone\r\n"),
    ] {
        assert_eq!(status(&signed_out), 303, "{signed_out}");
        assert!(signed_out.to_lowercase().contains("location: /auth/login\r\n"), "{signed_out}");
    }
}

#[test]
fn an_account_page_shows_each_person_their_own_account_and_nobody_elses() {
    let dir = tempfile::tempdir().unwrap();
    let env = sqlite_env(&dir, &[]);
    let people = [
        ("ada@example.com", "owner", Some("Ada Lovelace")),
        ("grace.hopper+portal@navy.example", "consumer", None),
        ("kate@example.com", "consumer", Some("Kate O'Brien")),
    ];
    for (email, role, name) in people {
        let mut args = vec!["user", "add", "--email", email, "--role", role, "--password-stdin"];
        args.extend(name.iter().flat_map(|name| ["--name", name]));
        cli(dir.path(), &env, &args, PASSWORD);
    }
    let server = Server::start(dir.path(), &env);
    let session = |email: &str| {
        let cookies = log_in(&server, email);
        let session = cookies.iter().find(|cookie| cookie.starts_with("latchkey_session=")).unwrap();
        // Beside a portal's own cookies, as when Latchkey is served on the portal's site.
        format!("Cookie: latchkey_lang=en; _ga=GA1.2.3; {}; portal_session=p\r\n", session.split(';').next().unwrap())
    };
    let sessions: Vec<String> = people.iter().map(|(email, ..)| session(email)).collect();
    let shown = |name: &str| name.split('\'').next().unwrap().to_owned();
    for round in 0..2 {
        for ((email, role, name), session) in people.iter().zip(&sessions) {
            let page = get_with(&server, "/account", session);
            assert_eq!(status(&page), 200, "{page}");
            assert!(page.contains(&format!("<dd>{email}</dd>")), "round {round}: {page}");
            let owner = *role == "owner";
            assert_eq!(page.contains("API Owner"), owner, "{page}");
            assert_eq!(page.contains("href=\"/admin/users\""), owner, "{page}");
            assert_eq!(page.contains("<dt>Name</dt>"), name.is_some(), "{page}");
            assert!(name.is_none_or(|name| page.contains(&shown(name))), "{page}");
            // The change-password page: for this account (the address a password manager reads).
            let change = get_with(&server, "/account/password", session);
            assert_eq!(status(&change), 200, "{change}");
            assert!(change.contains(&format!("value=\"{email}\"")) && change.contains("name=\"current\""), "{change}");
            for (other, _, other_name) in people.iter().filter(|(other, ..)| other != email) {
                assert!(!page.contains(other), "{email}'s page shows {other}: {page}");
                assert!(other_name.is_none_or(|name| !page.contains(&shown(name))), "{email}'s page: {page}");
                assert!(!change.contains(other), "{email}'s change-password page shows {other}: {change}");
            }
        }
    }
    // A new name shows at once.
    let body = "name=Ada+King";
    let renamed = server
        .send(&format!(
            "POST /api/account/name HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             {}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            sessions[0],
            body.len()
        ))
        .unwrap();
    assert!(status(&renamed) < 400, "{renamed}");
    let page = get_with(&server, "/account", &sessions[0]);
    assert!(page.contains("<dd>Ada King</dd>") && !page.contains("Lovelace"), "{page}");
    // Each language its own page.
    let german = get_with(&server, "/account", &sessions[1].replace("latchkey_lang=en", "latchkey_lang=de"));
    assert!(german.contains("<html lang=\"de\">") && german.contains("grace.hopper+portal@navy.example"), "{german}");
    // With a notice, or beside another of Latchkey's cookies: the same account.
    let other_cookie = sessions[0].replace("latchkey_lang=en", "latchkey_login_email=x%40y.example");
    for (path, headers) in [("/account?changed=name", &sessions[0]), ("/account", &other_cookie)] {
        let page = get_with(&server, path, headers);
        assert!(page.contains("<dd>ada@example.com</dd>") && page.contains("Ada King"), "{page}");
    }
    let change = get_with(&server, "/account/password", &other_cookie);
    assert!(change.contains("value=\"ada@example.com\""), "{change}");
}

#[test]
fn pages_speak_the_language_asked_for_and_a_language_link_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let get = |path: &str, headers: &str| get_with(&server, path, headers);
    let german = get("/auth/login", "Accept-Language: de-AT, en;q=0.5\r\n");
    assert!(german.contains("<html lang=\"de\">") && german.contains(">Passwort vergessen?</a>"), "{german}");
    assert!(german.to_ascii_lowercase().contains("content-language: de\r\n"), "{german}");
    let english = get("/auth/login", "Accept-Language: fr, it;q=0.5\r\n");
    assert!(english.contains("<html lang=\"en\">") && english.contains(">Forgot Password?</a>"), "{english}");
    // The cookie from a language link outweighs the browser's header.
    let chosen = get("/auth/login", "Accept-Language: de\r\nCookie: latchkey_lang=en\r\n");
    assert!(chosen.contains("<html lang=\"en\">"), "{chosen}");

    let switched = get("/auth/reset/code?token=abc&lang=de", "");
    assert_eq!(status(&switched), 303);
    let head = switched.to_ascii_lowercase();
    assert!(head.contains("location: /auth/reset/code?token=abc\r\n"), "{switched}");
    assert!(
        head.contains("set-cookie: latchkey_lang=de; httponly; samesite=lax; path=/; max-age=31536000"),
        "{switched}"
    );
    // The way back is the page's own path, never the path as the request spelt it: a path that is
    // no page is not found, and leads nowhere.
    for path in ["//evil.example/x?lang=de", "/\\evil.example/?lang=de", "/%5Cevil.example/?lang=de"] {
        let elsewhere = get(path, "");
        assert_eq!(status(&elsewhere), 404, "{path}: {elsewhere}");
        let head = elsewhere.to_ascii_lowercase();
        assert!(!head.contains("location:") && !head.contains("set-cookie"), "{path}: {elsewhere}");
    }
    // An unknown language sets nothing.
    let unknown = get("/auth/login?lang=xx", "");
    assert_eq!(status(&unknown), 303);
    assert!(unknown.to_ascii_lowercase().contains("location: /auth/login\r\n"), "{unknown}");
    assert!(!unknown.to_ascii_lowercase().contains("set-cookie"), "{unknown}");
}

#[test]
fn every_page_keeps_its_own_policy_while_assets_are_served_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/latchkey.css"), "body { margin: 0 }\n".repeat(50)).unwrap();
    let server = Server::start(dir.path(), &sqlite_env(&dir, &[("LATCHKEY_SITE_ROOT", site.display().to_string())]));
    // Pages and assets at once, as a browser loads them: each page's Content-Security-Policy is
    // the page's (with the hydration script's nonce), never the "allow nothing" default.
    let refused: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    (0..50)
                        .filter(|_| {
                            assert_eq!(status(&server.get("/pkg/latchkey.css").unwrap()), 200);
                            let page = server.get("/auth/login").unwrap().to_ascii_lowercase();
                            !page.contains("content-security-policy: default-src 'self'; script-src 'self' 'nonce-")
                        })
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(refused, 0, "pages that lost their policy");
}

#[test]
fn pages_load_their_assets_under_the_builds_version_and_browsers_may_keep_them() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/latchkey.css"), "body { margin: 0 }\n").unwrap();
    let env = sqlite_env(&dir, &[("LATCHKEY_SITE_ROOT", site.display().to_string())]);
    let page = |server: &Server| server.get("/auth/login").unwrap();
    let css_href = |page: &str| {
        let end = page.find("/pkg/latchkey.css\"").unwrap() + "/pkg/latchkey.css".len();
        let start = page[..end].rfind("href=\"").unwrap() + "href=\"".len();
        page[start..end].to_owned()
    };
    let server = Server::start(dir.path(), &env);
    let first = page(&server);
    let href = css_href(&first);
    assert!(href.starts_with("/pkg/") && href.ends_with("/pkg/latchkey.css") && href.len() == 38, "{href}");
    assert!(first.contains(&href.replace("latchkey.css", "latchkey.js")), "the script is under the same version");
    let versioned = server.get(&href).unwrap();
    assert_eq!(status(&versioned), 200);
    assert!(versioned.to_ascii_lowercase().contains("cache-control: public, max-age=31536000, immutable\r\n"));
    let plain = server.get("/pkg/latchkey.css").unwrap();
    assert_eq!(status(&plain), 200);
    assert!(!plain.to_ascii_lowercase().contains("immutable"), "{plain}");
    assert_eq!(status(&server.get("/pkg/0123456789abcdef/pkg/latchkey.css").unwrap()), 404);
    drop(server);

    // Another build: another version, so no browser keeps the old file under the new URL.
    std::fs::write(site.join("pkg/latchkey.css"), "body { margin: 1px }\n").unwrap();
    let server = Server::start(dir.path(), &env);
    let rebuilt = css_href(&page(&server));
    assert_ne!(rebuilt, href);
    assert_eq!(status(&server.get(&href).unwrap()), 404);
}

/// A server behind https (with `extra` settings) and one account; its login's `Set-Cookie`s.
fn https_login(dir: &TempDir, extra: &[(&'static str, String)]) -> (Server, Vec<String>) {
    // Development mail is refused behind https; nothing needs to listen here.
    let mut env = vec![("LATCHKEY_SMTP_URL", "smtp://127.0.0.1:9".to_owned())];
    env.extend(extra.iter().cloned());
    let server = server_with_owner(dir, &env);
    let cookies = log_in(&server, "ada@example.com");
    (server, cookies)
}

#[test]
fn behind_https_the_cookies_carry_the_host_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let (server, cookies) = https_login(&dir, &[("LATCHKEY_BASE_URL", "https://portal.example.com".to_owned())]);
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for cookie in &cookies {
        assert!(cookie.starts_with("__Host-latchkey_"), "{cookie}");
        for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
            assert!(cookie.split("; ").any(|a| a == attribute), "{cookie} lacks {attribute}");
        }
        assert!(!cookie.contains("Domain="), "{cookie}");
    }
    let session = cookies.iter().find(|c| c.starts_with("__Host-latchkey_session=")).unwrap();
    let pair = session.split(';').next().unwrap();
    let page = |cookie: &str| {
        server
            .send(&format!("GET /account HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"))
    };
    assert_eq!(status(&page(pair).unwrap()), 200, "the prefixed cookie signs in");
    let unprefixed = pair.replacen("__Host-", "", 1);
    assert_eq!(status(&page(&unprefixed).unwrap()), 303, "a cookie without the prefix does not");
}

#[test]
fn a_flood_of_logins_is_turned_away_at_once_and_pages_keep_answering() {
    let dir = tempfile::tempdir().unwrap();
    // The flood comes from one address here; the per-IP limit is not what is tested.
    let env = sqlite_env(&dir, &[("LATCHKEY_RATE_LIMIT_IP_PER_MIN", "100000".to_owned())]);
    let server = Server::start(dir.path(), &env);
    // Far more logins for made-up addresses at once than the bounded hashing queue holds.
    let answers: Vec<String> = std::thread::scope(|scope| {
        let flood: Vec<_> = (0..120)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let body = format!("email=flood{i}%40example.com&password=a+made+up+guess");
                    server.post("/api/auth/login", &body, "192.0.2.1").unwrap()
                })
            })
            .collect();
        assert_eq!(status(&server.get("/healthz").unwrap()), 200, "health answers during the flood");
        flood.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let busy: Vec<&String> = answers.iter().filter(|a| status(a) == 503).collect();
    assert!(!busy.is_empty(), "the queue is bounded: some logins are told to come back");
    for answer in &busy {
        assert!(answer.to_ascii_lowercase().contains("retry-after: 1"), "{answer}");
        assert!(answer.contains("\"error\":\"busy\""), "{answer}");
    }
    assert!(answers.iter().all(|a| matches!(status(a), 401 | 503)), "nothing else: no other error");
}

#[test]
fn every_answer_and_every_log_line_of_a_request_carry_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let env = sqlite_env(&dir, &[]);
    let (server, log) = Server::start_logged(dir.path(), &env, "warn,tower_http=debug,latchkey::http=info");
    let response = server.get("/auth/forgot").unwrap();
    let id = response
        .lines()
        .find_map(|line| line.strip_prefix("x-request-id: "))
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| panic!("no X-Request-Id: {response}"));
    assert_eq!(id.len(), 24, "{id}");
    wait_for_log(&log, 10, &[&id, "/auth/forgot", "started processing request"]);
    wait_for_log(&log, 10, &[&id, "/auth/forgot", "finished processing request"]);
    let other = server.get("/auth/forgot").unwrap();
    assert!(!other.contains(&id), "each request gets its own id");
}

#[test]
fn a_cookie_domain_shares_the_session_with_sibling_subdomains() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, cookies) = https_login(
        &dir,
        &[
            ("LATCHKEY_BASE_URL", "https://auth.example.com".to_owned()),
            ("LATCHKEY_COOKIE_DOMAIN", "example.com".to_owned()),
        ],
    );
    let session = cookies.iter().find(|c| c.starts_with("latchkey_session=")).unwrap();
    let attributes: Vec<&str> = session.split("; ").collect();
    assert!(attributes.contains(&"Domain=example.com") && attributes.contains(&"Secure"), "{session}");
    // The device cookie stays with this host alone.
    assert!(cookies.iter().any(|c| c.starts_with("__Host-latchkey_device=") && !c.contains("Domain=")), "{cookies:?}");
}

#[test]
fn metrics_are_served_on_their_own_listener_in_prometheus_text_format() {
    let dir = tempfile::tempdir().unwrap();
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let env = sqlite_env(&dir, &[("LATCHKEY_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))]);
    let server = Server::start(dir.path(), &env);
    let wrong = "email=nobody%40example.com&password=not+the+password+at+all";
    assert_eq!(status(&server.post("/api/auth/login", wrong, "192.0.2.1").unwrap()), 401);
    assert_eq!(status(&server.post("/api/auth/forgot", "email=someone%40example.com", "192.0.2.1").unwrap()), 200);
    assert_eq!(status(&server.get("/auth/login").unwrap()), 200);
    assert_eq!(status(&server.get("/metrics").unwrap()), 404, "never on the public address");

    let response =
        common::send(metrics_port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status(&response), 200, "{response}");
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    let scrape = prometheus_parse::Scrape::parse(body.lines().map(|l| Ok(l.to_owned()))).unwrap();
    let value = |name: &str, label: (&str, &str)| {
        scrape.samples.iter().find(|s| s.metric == name && s.labels.get(label.0) == Some(label.1)).map(|s| {
            match s.value {
                prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Gauge(v) => v,
                _ => f64::NAN,
            }
        })
    };
    assert_eq!(value("latchkey_logins_total", ("outcome", "invalid")), Some(1.0), "{body}");
    assert_eq!(value("latchkey_resets_total", ("event", "requested")), Some(1.0), "{body}");
    assert_eq!(value("latchkey_http_requests_total", ("route", "/auth/login")), Some(1.0), "{body}");
    assert_eq!(value("latchkey_http_requests_total", ("route", "/api/auth/login")), Some(1.0), "{body}");
    assert!(value("latchkey_outbox_messages", ("state", "pending")).is_some(), "{body}");
    assert!(scrape.samples.iter().any(|s| s.metric == "latchkey_hash_queue_depth"), "{body}");
    let sessions = scrape.samples.iter().find(|s| s.metric == "latchkey_active_sessions");
    assert!(matches!(sessions.map(|s| &s.value), Some(prometheus_parse::Value::Gauge(_))), "{body}");
    let histogram = scrape.samples.iter().find(|s| s.metric == "latchkey_http_request_duration_seconds");
    assert!(
        matches!(histogram.map(|s| &s.value), Some(prometheus_parse::Value::Histogram(buckets)) if !buckets.is_empty()),
        "{body}"
    );
    assert!(scrape.samples.iter().all(|s| s.metric.starts_with("latchkey_")), "{body}");
}

#[test]
fn latchkey_health_answers_whether_the_server_on_its_address_is_up() {
    let dir = tempfile::tempdir().unwrap();
    let server = sqlite_server(&dir);
    let health = |addr: String| {
        std::process::Command::new(env!("CARGO_BIN_EXE_latchkey"))
            .arg("health")
            .env("LATCHKEY_ADDR", addr)
            .env("LATCHKEY_LOG", "warn")
            .env_remove("LATCHKEY_TEST_PG_URL")
            .output()
            .unwrap()
    };
    // A server listening on every address is asked on the loopback one, as in a container.
    assert!(health(format!("0.0.0.0:{}", server.port)).status.success());
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = health(format!("127.0.0.1:{free}"));
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).starts_with("latchkey: 127.0.0.1:"), "{down:?}");
}
