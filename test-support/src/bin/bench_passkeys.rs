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

use std::{
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

use latchkey_test_support::passkey::SoftPasskey;

const PASSWORD: &str = "correct+horse+battery+staple";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, prefix, clients, seconds] = &args[..] else {
        eprintln!("usage: bench_passkeys BASE_URL EMAIL_PREFIX CLIENTS SECONDS");
        std::process::exit(2);
    };
    let url = url::Url::parse(base).expect("a base URL");
    let addr = format!("{}:{}", url.host_str().expect("a host"), url.port().unwrap_or(80));
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
    addr: String,
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
            addr: addr.to_owned(),
            email: email.to_owned(),
            passkey: SoftPasskey::new(&host, origin),
            device: String::new(),
            session: String::new(),
        };
        let login = person.post("/api/auth/login", &format!("email={email}&password={PASSWORD}"), "");
        assert_eq!(login.status, 200, "login: {}", login.body);
        person.session = login.cookie("latchkey_session");
        person.device = login.cookie("latchkey_device");
        person
    }

    /// A person with a passkey, added through the API.
    fn register(addr: &str, email: &str, origin: &str) -> Person {
        let mut person = Person::new(addr, email, origin);
        let session = person.session.clone();
        let options = person.post("/api/account/passkey-options", "name=Bench", &session);
        let credential = person.passkey.create(&options.options());
        let added =
            person.post("/api/account/passkey", &format!("name=Bench&credential={}", encode(&credential)), &session);
        assert_eq!(added.status, 200, "adding a passkey: {}", added.body);
        person
    }

    fn passkey_sign_in(&mut self) -> bool {
        let options = self.post("/api/auth/passkey-options", "", "").options();
        let answer = self.passkey.get(&options);
        let signed_in =
            self.post("/api/auth/passkey", &format!("credential={}", encode(&answer)), &self.device.clone());
        if signed_in.status != 200 {
            eprintln!("passkey sign-in: {} {}", signed_in.status, signed_in.body);
        }
        signed_in.status == 200
    }

    fn password_sign_in(&mut self) -> bool {
        let body = format!("email={}&password={PASSWORD}", self.email);
        let answer = self.post("/api/auth/login", &body, &self.device.clone());
        if answer.status != 200 {
            eprintln!("password sign-in: {} {}", answer.status, answer.body);
        }
        answer.status == 200
    }

    /// A form post as an API client sends it, on a connection of its own.
    fn post(&self, path: &str, body: &str, cookie: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("the server");
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Accept: application/json\r\nCookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("an answer");
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let cookies = head.lines().filter_map(|l| l.strip_prefix("set-cookie: ")).map(str::to_owned).collect();
        Answer { status, cookies, body: body.to_owned() }
    }
}

struct Answer {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

impl Answer {
    fn cookie(&self, name: &str) -> String {
        let found = self.cookies.iter().find(|c| c.starts_with(&format!("{name}=")));
        found.and_then(|c| c.split(';').next()).unwrap_or_else(|| panic!("no {name} cookie")).to_owned()
    }

    /// The `options` of a `…/passkey-options` answer.
    fn options(&self) -> String {
        let json: serde_json::Value = serde_json::from_str(&self.body).expect("JSON options");
        json["options"].as_str().unwrap_or_else(|| panic!("no options in {}", self.body)).to_owned()
    }
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
