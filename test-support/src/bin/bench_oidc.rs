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
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    sync::Mutex,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
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
    let url = url::Url::parse(base).expect("a base URL");
    let addr = format!("{}:{}", url.host_str().expect("a host"), url.port().unwrap_or(80));
    let clients: usize = clients.parse().expect("a number of clients");
    let window = Duration::from_secs(seconds.parse().expect("seconds"));
    let rate: f64 = rate.parse().expect("a rate");
    let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{client_id}:{secret}")));

    let mut conn = Conn::open(&addr);
    let login = conn.send("POST", "/api/auth/login", "", &format!("email={}&password={PASSWORD}", encode(email)));
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
        let answer = conn.send_with("GET", &authorize, &[("Cookie", &session)], "");
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
        Some(conn.token(&auth, &exchange_body(&code)))
    });
    exchanges.print("code exchange, saturated");

    let codes: Vec<String> = (0..(rate * window.as_secs_f64()) as usize + clients).map(|_| code(&mut conn)).collect();
    let queue = Mutex::new(codes);
    let paced = measure(&addr, clients, window, Some(rate), |conn| {
        let code = queue.lock().unwrap().pop()?;
        Some(conn.token(&auth, &exchange_body(&code)))
    });
    paced.print(&format!("code exchange at {rate:.0}/s offered"));

    // Every client holds its own chain of refresh tokens, each used once.
    let chains: Vec<Mutex<String>> = (0..clients)
        .map(|_| {
            let fresh = code(&mut conn);
            let answer = conn.token(&auth, &exchange_body(&fresh));
            Mutex::new(answer.json("refresh_token"))
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let refresh = |conn: &mut Conn| {
        let chain = &chains[next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % chains.len()];
        let mut token = chain.lock().unwrap();
        let answer = conn.token(&auth, &format!("grant_type=refresh_token&refresh_token={}", token));
        if answer.status == 200 {
            *token = answer.json("refresh_token");
        }
        Some(answer)
    };
    measure(&addr, clients, window, None, refresh).print("refresh, saturated");
    measure(&addr, clients, window, Some(rate), refresh).print(&format!("refresh at {rate:.0}/s offered"));

    let fresh = code(&mut conn);
    let access = conn.token(&auth, &exchange_body(&fresh)).json("access_token");
    println!("access_token: {access}");
    println!("session_cookie: {session}");
}

/// Requests per second and latency percentiles: `clients` threads for `window`, each with a
/// keep-alive connection, as fast as they can or (`rate`) at a fixed total rate, latency then
/// counted from when each request was due (so a slow answer delays no measurement).
fn measure(
    addr: &str,
    clients: usize,
    window: Duration,
    rate: Option<f64>,
    op: impl Fn(&mut Conn) -> Option<Answer> + Sync,
) -> Figures {
    let started = Instant::now();
    let mut latencies: Vec<Duration> = Vec::new();
    let mut failed = 0;
    std::thread::scope(|scope| {
        let running: Vec<_> = (0..clients)
            .map(|n| {
                let op = &op;
                scope.spawn(move || {
                    let mut conn = Conn::open(addr);
                    let (mut times, mut failed) = (Vec::new(), 0);
                    let every = rate.map(|rate| Duration::from_secs_f64(clients as f64 / rate));
                    let mut due =
                        started + every.map_or(Duration::ZERO, |every| every.mul_f64(n as f64 / clients as f64));
                    while started.elapsed() < window {
                        let from = match every {
                            Some(every) => {
                                std::thread::sleep(due.saturating_duration_since(Instant::now()));
                                due += every;
                                due - every
                            }
                            None => Instant::now(),
                        };
                        let Some(answer) = op(&mut conn) else { break };
                        times.push(from.elapsed());
                        if answer.status != 200 {
                            failed += 1;
                        }
                    }
                    (times, failed)
                })
            })
            .collect();
        for thread in running {
            let (times, f) = thread.join().expect("a client");
            latencies.extend(times);
            failed += f;
        }
    });
    let elapsed = started.elapsed().as_secs_f64().min(window.as_secs_f64().max(0.001));
    latencies.sort();
    Figures { per_second: latencies.len() as f64 / elapsed, latencies, failed }
}

struct Figures {
    per_second: f64,
    latencies: Vec<Duration>,
    failed: usize,
}

impl Figures {
    fn print(&self, what: &str) {
        let at = |q: f64| {
            let i = ((self.latencies.len() as f64 * q) as usize).min(self.latencies.len().saturating_sub(1));
            self.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{what:38} {:8.0} /s   p50 {:6.2} ms   p99 {:6.2} ms   failed {}",
            self.per_second,
            at(0.5),
            at(0.99),
            self.failed
        );
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).expect("the server");
        stream.set_nodelay(true).unwrap();
        Conn { reader: BufReader::new(stream) }
    }

    fn token(&mut self, auth: &str, body: &str) -> Answer {
        self.send_with("POST", "/oauth2/token", &[("Authorization", auth)], body)
    }

    fn send(&mut self, method: &str, path: &str, cookie: &str, body: &str) -> Answer {
        self.send_with(method, path, &[("Cookie", cookie)], body)
    }

    fn send_with(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n");
        for (name, value) in headers.iter().filter(|(_, value)| !value.is_empty()) {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body);
        self.reader.get_mut().write_all(request.as_bytes()).expect("sent");
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("an answer");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line.trim_end().to_owned());
        }
        let status = head.first().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let length: usize = head
            .iter()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_owned))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("the body");
        Answer { status, head, body: String::from_utf8_lossy(&body).into_owned() }
    }
}

struct Answer {
    status: u16,
    head: Vec<String>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}: ");
        self.head.iter().find_map(|l| l.to_ascii_lowercase().starts_with(&prefix).then(|| l[prefix.len()..].to_owned()))
    }

    fn cookie(&self, name: &str) -> String {
        let found = self
            .head
            .iter()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find(|c| c.starts_with(&format!("{name}=")));
        found.and_then(|c| c.split(';').next()).unwrap_or_else(|| panic!("no {name} cookie")).to_owned()
    }

    fn json(&self, field: &str) -> String {
        let json: serde_json::Value =
            serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("{} {}", self.status, self.body));
        json[field].as_str().unwrap_or_else(|| panic!("no {field} in {}", self.body)).to_owned()
    }
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
