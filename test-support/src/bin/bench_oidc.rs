#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a measuring tool: a failed step is the report
//! `make bench`'s OpenID Connect figures: the token endpoint (code exchanges, then refresh
//! tokens rotating) at saturation and at a fixed offered rate, on keep-alive connections as an
//! application's HTTP client holds them. Codes come from `/oauth2/authorize` for one signed-in
//! account beforehand, so the exchanges measure the exchange alone. Prints an access token
//! for the userinfo figures, which `oha` takes (the script runs it beside forward auth).
//!
//! Usage: `bench_oidc <server's URL> <email> <client_id> <client_secret> <clients> <seconds>
//! <rate>`; the account must exist with the bench's password and no second factor, the client
//! with the redirect URI `https://portal.example.com/cb`.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use latchkey_test_support::bench::{Answer, Conn, address, encode, measure};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "correct+horse+battery+staple";
const CALLBACK: &str = "https://portal.example.com/cb";
const VERIFIER: &str = "bench-verifier-bench-verifier-bench-verifier-0123";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, email, client_id, secret, clients, seconds, rate] = &args[..] else {
        eprintln!("usage: bench_oidc BASE_URL EMAIL CLIENT_ID CLIENT_SECRET CLIENTS SECONDS RATE");
        std::process::exit(2);
    };
    let addr = address(base);
    let clients: usize = clients.parse().expect("a number of clients");
    let window = Duration::from_secs(seconds.parse().expect("seconds"));
    let rate: f64 = rate.parse().expect("a rate");
    let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{client_id}:{secret}")));

    let mut conn = Conn::open(&addr);
    let login = conn.post("/api/auth/login", "", &format!("email={}&password={PASSWORD}", encode(email)));
    assert_eq!(login.status, 200, "login: {}", login.body);
    let session = login.cookie("latchkey_session");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let authorize = format!(
        "/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={}&scope=openid+email+offline_access\
         &code_challenge={challenge}&code_challenge_method=S256&state=s",
        encode(CALLBACK)
    );
    // Enough codes for the exchanges at saturation and at the fixed rate (a code lasts a minute:
    // made in batches just before each run).
    let code = |conn: &mut Conn| {
        let answer = conn.send("GET", &authorize, &[("Cookie", &session)], "");
        let location =
            answer.header("location").unwrap_or_else(|| panic!("authorize: {} {}", answer.status, answer.body));
        let at = url::Url::parse(&location).unwrap();
        at.query_pairs().find(|(n, _)| n == "code").map(|(_, v)| v.into_owned()).expect("a code")
    };
    let exchange_body = |code: &str| {
        format!("grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={VERIFIER}", encode(CALLBACK))
    };

    println!("## OpenID Connect token endpoint ({clients} clients, keep-alive, {} s each)", window.as_secs());
    let started = Instant::now();
    let codes: Vec<String> = (0..40_000).map_while(|_| (started.elapsed() < window).then(|| code(&mut conn))).collect();
    let made = codes.len() as f64 / started.elapsed().as_secs_f64();
    println!("authorize (a code for a signed-in browser): {made:8.0} /s (one client)");
    let queue = Mutex::new(codes);
    let exchanges = measure(&addr, clients, window, None, |conn| {
        let code = queue.lock().unwrap().pop()?;
        Some(token(conn, &auth, &exchange_body(&code)))
    });
    exchanges.print("code exchange, saturated");

    let codes: Vec<String> = (0..(rate * window.as_secs_f64()) as usize + clients).map(|_| code(&mut conn)).collect();
    let queue = Mutex::new(codes);
    let paced = measure(&addr, clients, window, Some(rate), |conn| {
        let code = queue.lock().unwrap().pop()?;
        Some(token(conn, &auth, &exchange_body(&code)))
    });
    paced.print(&format!("code exchange at {rate:.0}/s offered"));

    // Every client holds its own chain of refresh tokens, each used once.
    let chains: Vec<Mutex<String>> = (0..clients)
        .map(|_| {
            let fresh = code(&mut conn);
            let answer = token(&mut conn, &auth, &exchange_body(&fresh));
            Mutex::new(answer.json("refresh_token"))
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let refresh = |conn: &mut Conn| {
        let chain = &chains[next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % chains.len()];
        let mut held = chain.lock().unwrap();
        let answer = token(conn, &auth, &format!("grant_type=refresh_token&refresh_token={held}"));
        if answer.status == 200 {
            *held = answer.json("refresh_token");
        }
        Some(answer)
    };
    measure(&addr, clients, window, None, refresh).print("refresh, saturated");
    measure(&addr, clients, window, Some(rate), refresh).print(&format!("refresh at {rate:.0}/s offered"));

    let fresh = code(&mut conn);
    let access = token(&mut conn, &auth, &exchange_body(&fresh)).json("access_token");
    println!("access_token: {access}");
    println!("session_cookie: {session}");
}

fn token(conn: &mut Conn, auth: &str, body: &str) -> Answer {
    conn.send("POST", "/oauth2/token", &[("Authorization", auth)], body)
}
