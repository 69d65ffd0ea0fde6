#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a measuring tool: a failed step is the report
//! `make bench`'s second-step figure: logins finished with an authenticator app's code
//! (`POST /api/auth/second-factor`), per second, against a running server.
//!
//! Each code works once per account and 30-second step, and each step needs the pending login
//! a right password leaves; so the program first writes, straight into the server's database
//! and sealed with the server's key, what the first steps would have left: `<accounts>` accounts
//! `step<n>@example.com` with an app, two pending logins each and a returning browser's device
//! cookie (no new-sign-in mail). Then `<clients>` clients finish them all, the two steps of an
//! account in order with codes of two successive steps, and it prints the rate and latency.
//!
//! Usage: `bench_second_step <server's URL> <accounts> <clients>`, in the server's environment
//! (`LATCHKEY_DATABASE_URL` and the key the server uses).

use std::{
    sync::atomic::{AtomicUsize, Ordering},
    time::Duration,
};

use entity::{account, pending_login, totp_factor};
use latchkey_domain::{
    config::Config,
    db,
    devices::DeviceKey,
    mail::{SealKey, seal::key_material},
    second_factor::{PENDING_SECONDS, totp},
    secret::Secret,
    token, unix_now,
};
use latchkey_test_support::bench::{address, measure};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};

/// Steps finished per account: with the codes of this 30-second step and the next, both good
/// while the clock moves on by a step between a code's making and its check.
const STEPS: usize = 2;

struct Person {
    /// Its app's secret.
    secret: Vec<u8>,
    /// The cookies of its pending logins, each with the device cookie.
    cookies: [String; STEPS],
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, accounts, clients] = &args[..] else {
        eprintln!("usage: bench_second_step BASE_URL ACCOUNTS CLIENTS");
        std::process::exit(2);
    };
    let accounts: usize = accounts.parse().expect("a number of accounts");
    let clients: usize = clients.parse().expect("a number of clients");
    let config = Config::load(None).expect("the server's settings");
    let (pending_cookie, device_cookie) = if config.is_https() {
        ("__Host-latchkey_pending_login", "__Host-latchkey_device")
    } else {
        ("latchkey_pending_login", "latchkey_device")
    };
    let material = key_material(&config).expect("the server's key");
    let factor_key = SealKey::derive_for(material.expose(), totp::HKDF_INFO);
    let device_key = DeviceKey::derive(material.expose());
    let db = db::connect(config.database.url.expose()).await.expect("the server's database");

    let now = unix_now();
    let mut people = Vec::with_capacity(accounts);
    let txn = db.begin().await.unwrap();
    for n in 0..accounts {
        let email = format!("step{n}@example.com");
        let row = account::ActiveModel {
            email: Set(email.clone()),
            email_normalized: Set(email.clone()),
            name: Set(None),
            role: Set(account::Role::Consumer),
            password_hash: Set(None),
            disabled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(Some(now)),
            next_login_expected: Set(false),
            awaiting: Set(None),
            ..Default::default()
        };
        let id = account::Entity::insert(row).exec(&txn).await.unwrap().last_insert_id;
        let secret = token::random_bytes::<20>().unwrap().to_vec();
        let base32 = Secret::new(totp_rs::Secret::from(secret.clone()).to_base32());
        totp_factor::Entity::insert(totp_factor::ActiveModel {
            account_id: Set(id),
            sealed_secret: Set(totp::seal_secret(&factor_key, &base32, id).unwrap()),
            last_step: Set(0),
            created_at: Set(now),
        })
        .exec(&txn)
        .await
        .unwrap();
        let device = device_key.issue(&email).unwrap();
        let cookies = std::array::from_fn(|_| {
            let (token, token_hash) = token::new_token().unwrap();
            let cookie = format!("{pending_cookie}={}; {device_cookie}={}", token.expose(), device.expose());
            (
                cookie,
                pending_login::ActiveModel {
                    token_hash: Set(token_hash),
                    account_id: Set(id),
                    expires_at: Set(now + PENDING_SECONDS),
                    failures: Set(0),
                },
            )
        });
        pending_login::Entity::insert_many(cookies.iter().map(|(_, row)| row.clone())).exec(&txn).await.unwrap();
        people.push(Person { secret, cookies: cookies.map(|(cookie, _)| cookie) });
    }
    txn.commit().await.unwrap();

    // All first steps, then all second ones: an account's two are thousands of requests apart,
    // so the first is answered before the second is sent, and the second's code is of a later
    // 30-second step (the server accepts one step either side of its clock).
    let next = AtomicUsize::new(0);
    let figures = measure(&address(base), clients, Duration::from_secs(600), None, |conn| {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let (step, person) = (n / accounts, people.get(n % accounts)?);
        let cookie = person.cookies.get(step)?;
        let at = unix_now() + 30 * step as i64;
        Some(conn.post("/api/auth/second-factor", cookie, &format!("code={}", code(&person.secret, at))))
    });
    println!("## Second steps: an authenticator app's code ({accounts} accounts × {STEPS}, {clients} clients)");
    figures.print("second step (TOTP), saturated");
    assert_eq!(figures.failed, 0, "every second step should have signed in");
}

/// The app's code for `at` (Unix seconds), as the person's authenticator shows it.
fn code(secret: &[u8], at: i64) -> String {
    totp_rs::Builder::new().with_secret(secret.to_vec()).build_noncompliant().generate(at as u64).to_string()
}
