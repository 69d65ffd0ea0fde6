#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a measuring tool: a failed step is the report
//! `make bench`'s passkey figures: sign-ins with a passkey beside sign-ins with a password, in
//! the same run against the same server, from the same clients. Each client is an account of
//! its own with a software passkey (`latchkey_test_support::passkey`), registered through the
//! API first; a passkey sign-in is its two requests (the options, then the signed answer).
//!
//! Usage: `bench_passkeys <server's URL> <email prefix> <clients> <seconds>`, with the
//! server's `LATCHKEY_BASE_URL` (a domain name, `http://localhost:…`) in the environment; the
//! accounts `<prefix><n>@example.com`, n < 2 × clients, must exist with the bench's password
//! and no second factor.

use std::time::{Duration, Instant};

use latchkey_test_support::{
    bench::{Conn, address, encode},
    passkey::SoftPasskey,
};

const PASSWORD: &str = "correct+horse+battery+staple";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, prefix, clients, seconds] = &args[..] else {
        eprintln!("usage: bench_passkeys BASE_URL EMAIL_PREFIX CLIENTS SECONDS");
        std::process::exit(2);
    };
    let addr = address(base);
    let clients: usize = clients.parse().expect("a number of clients");
    let seconds: u64 = seconds.parse().expect("seconds");
    let origin = std::env::var("LATCHKEY_BASE_URL").unwrap_or_else(|_| base.trim_end_matches('/').to_owned());

    let email = |n: usize| format!("{prefix}{n}%40example.com");
    // Passkeys for the first half; the others keep a password alone (with a passkey, a password
    // login is only its first step).
    let mut with_passkeys: Vec<Person> = (0..clients).map(|n| Person::register(&addr, &email(n), &origin)).collect();
    let mut with_passwords: Vec<Person> =
        (clients..2 * clients).map(|n| Person::new(&addr, &email(n), &origin)).collect();
    let window = Duration::from_secs(seconds);
    let passkeys = run(&mut with_passkeys, window, |person| person.passkey_sign_in());
    let passwords = run(&mut with_passwords, window, |person| person.password_sign_in());
    println!("passkey sign-ins:  {passkeys:8.0} /s ({clients} clients)");
    println!("password sign-ins: {passwords:8.0} /s ({clients} clients)");
    println!("ratio: {:.1}x", passkeys / passwords.max(f64::MIN_POSITIVE));
}

/// Sign-ins per second, every client signing in over and over for `window`.
fn run(people: &mut [Person], window: Duration, sign_in: fn(&mut Person) -> bool) -> f64 {
    let started = Instant::now();
    let done: usize = std::thread::scope(|scope| {
        let running: Vec<_> = people
            .iter_mut()
            .map(|person| {
                scope.spawn(move || {
                    let mut done = 0;
                    while started.elapsed() < window {
                        assert!(sign_in(person), "a sign-in failed");
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        running.into_iter().map(|r| r.join().expect("a client")).sum()
    });
    done as f64 / started.elapsed().as_secs_f64()
}

struct Person {
    /// Its browser's keep-alive connection.
    conn: Conn,
    email: String,
    passkey: SoftPasskey,
    /// This browser's device cookie, so that sign-ins are a returning browser's (no mail).
    device: String,
    session: String,
}

impl Person {
    /// A person who has logged in once (and so has a device cookie).
    fn new(addr: &str, email: &str, origin: &str) -> Person {
        let host = url::Url::parse(origin).expect("origin").host_str().expect("host").to_owned();
        let mut person = Person {
            conn: Conn::open(addr),
            email: email.to_owned(),
            passkey: SoftPasskey::new(&host, origin),
            device: String::new(),
            session: String::new(),
        };
        let login = person.conn.post("/api/auth/login", "", &format!("email={email}&password={PASSWORD}"));
        assert_eq!(login.status, 200, "login: {}", login.body);
        person.session = login.cookie("latchkey_session");
        person.device = login.cookie("latchkey_device");
        person
    }

    /// A person with a passkey, added through the API.
    fn register(addr: &str, email: &str, origin: &str) -> Person {
        let mut person = Person::new(addr, email, origin);
        let session = person.session.clone();
        let options = person.conn.post("/api/account/passkey-options", &session, "name=Bench");
        let credential = person.passkey.create(&options.json("options"));
        let body = format!("name=Bench&credential={}", encode(&credential));
        let added = person.conn.post("/api/account/passkey", &session, &body);
        assert_eq!(added.status, 200, "adding a passkey: {}", added.body);
        person
    }

    fn passkey_sign_in(&mut self) -> bool {
        let options = self.conn.post("/api/auth/passkey-options", "", "").json("options");
        let answer = self.passkey.get(&options);
        let signed_in = self.conn.post("/api/auth/passkey", &self.device, &format!("credential={}", encode(&answer)));
        if signed_in.status != 200 {
            eprintln!("passkey sign-in: {} {}", signed_in.status, signed_in.body);
        }
        signed_in.status == 200
    }

    fn password_sign_in(&mut self) -> bool {
        let body = format!("email={}&password={PASSWORD}", self.email);
        let answer = self.conn.post("/api/auth/login", &self.device, &body);
        if answer.status != 200 {
            eprintln!("password sign-in: {} {}", answer.status, answer.body);
        }
        answer.status == 200
    }
}
