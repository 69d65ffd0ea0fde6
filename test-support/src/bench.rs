//! What `make bench`'s own load programs share: a keep-alive HTTP/1.1 connection as an API
//! client holds one, and the loop that runs clients against the server and reports their rate
//! and latency percentiles.
#![allow(clippy::panic)] // a measuring tool: a failed step is the report

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

/// `host:port` of a server's base URL.
pub fn address(base: &str) -> String {
    let url = url::Url::parse(base).expect("a base URL");
    format!("{}:{}", url.host_str().expect("a host"), url.port().unwrap_or(80))
}

/// Requests per second and latency percentiles: `clients` threads for `window` (or until `op`
/// has nothing left to send), each with a keep-alive connection, as fast as they can or
/// (`rate`) at a fixed total rate, latency then counted from when each request was due (so a
/// slow answer delays no measurement).
pub fn measure(
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
                            if failed == 0 {
                                eprintln!("a request failed: {} {}", answer.status, answer.body);
                            }
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
    let elapsed = started.elapsed().as_secs_f64().min(window.as_secs_f64()).max(0.001);
    latencies.sort();
    Figures { per_second: latencies.len() as f64 / elapsed, latencies, failed }
}

pub struct Figures {
    pub per_second: f64,
    latencies: Vec<Duration>,
    pub failed: usize,
}

impl Figures {
    /// The latency (ms) below which fraction `q` of the requests were answered.
    fn percentile(&self, q: f64) -> f64 {
        let i = ((self.latencies.len() as f64 * q) as usize).min(self.latencies.len().saturating_sub(1));
        self.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    pub fn print(&self, what: &str) {
        println!(
            "{what:38} {:8.0} /s   p50 {:6.2} ms   p99 {:6.2} ms   failed {}",
            self.per_second,
            self.percentile(0.5),
            self.percentile(0.99),
            self.failed
        );
    }
}

/// One keep-alive HTTP/1.1 connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).expect("the server");
        stream.set_nodelay(true).unwrap();
        Conn { reader: BufReader::new(stream) }
    }

    /// A form post (an empty `cookie` sends none).
    pub fn post(&mut self, path: &str, cookie: &str, body: &str) -> Answer {
        self.send("POST", path, &[("Cookie", cookie)], body)
    }

    pub fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
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

pub struct Answer {
    pub status: u16,
    head: Vec<String>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}: ");
        self.head.iter().find_map(|l| l.to_ascii_lowercase().starts_with(&prefix).then(|| l[prefix.len()..].to_owned()))
    }

    /// `name=value` of the cookie the answer sets.
    pub fn cookie(&self, name: &str) -> String {
        let found = self
            .head
            .iter()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find(|c| c.starts_with(&format!("{name}=")));
        found.and_then(|c| c.split(';').next()).unwrap_or_else(|| panic!("no {name} cookie")).to_owned()
    }

    /// A string field of a JSON answer.
    pub fn json(&self, field: &str) -> String {
        let json: serde_json::Value =
            serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("{} {}", self.status, self.body));
        json[field].as_str().unwrap_or_else(|| panic!("no {field} in {}", self.body)).to_owned()
    }
}

/// `value` form-encoded.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
