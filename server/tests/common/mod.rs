//! Running `latchkey serve` as a real process and talking plain HTTP/1.1 to it.
#![allow(dead_code)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    path::Path,
    process::{Child, Command, Output, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use tempfile::TempDir;

pub mod factors;
pub mod oidc;

/// Runs `latchkey args…` in `dir` with the given settings, `stdin` on its standard input, and
/// returns what it printed; the test fails when the command does.
pub fn cli(dir: &Path, env: &[(&str, String)], args: &[&str], stdin: &str) -> String {
    let output = run_cli(dir, env, args, stdin);
    assert!(output.status.success(), "latchkey {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `latchkey args…` like [`cli`], and returns its output whether it succeeded or not.
pub fn run_cli(dir: &Path, env: &[(&str, String)], args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_latchkey"))
        .args(args)
        .current_dir(dir)
        .env("LATCHKEY_LOG", "warn")
        .env_remove("LATCHKEY_TEST_PG_URL")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The reset token in a development `.eml` file (quoted-printable, so `=` is `=3D` and long
/// lines are folded with `=\r\n`); `None` when it holds none.
pub fn link_token(eml: &str) -> Option<String> {
    let text = eml.replace("=\r\n", "").replace("=3D", "=");
    let start = text.find("token=")? + "token=".len();
    Some(text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect())
}

pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// Starts a server in `dir` with the given settings on a free port, and waits until it answers.
    pub fn start(dir: &Path, env: &[(&str, String)]) -> Server {
        Self::launch(dir, env, "warn", Stdio::null())
    }

    /// Like [`Server::start`], with the log at `filter` sent to the receiver line by line, so a
    /// test can wait for what the server says it is doing.
    pub fn start_logged(dir: &Path, env: &[(&str, String)], filter: &str) -> (Server, mpsc::Receiver<String>) {
        let mut server = Self::launch(dir, env, filter, Stdio::piped());
        let stderr = server.child.stderr.take().unwrap();
        let (lines, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        (server, log)
    }

    fn launch(dir: &Path, env: &[(&str, String)], log: &str, stderr: Stdio) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_latchkey"))
            .arg("serve")
            .current_dir(dir)
            .env("LATCHKEY_ADDR", format!("127.0.0.1:{port}"))
            .env("LATCHKEY_LOG", log)
            // The test runner's own variable is no setting of the server's.
            .env_remove("LATCHKEY_TEST_PG_URL")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.get("/healthz").is_none() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn get(&self, path: &str) -> Option<String> {
        self.send(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
    }

    /// A form POST as a non-browser client would send it, from `client_ip` (via a proxy).
    pub fn post(&self, path: &str, body: &str, client_ip: &str) -> Option<String> {
        self.send(&format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             X-Forwarded-For: {client_ip}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    }

    pub fn send(&self, request: &str) -> Option<String> {
        send(self.port, request)
    }

    pub fn terminate(&self) {
        // SAFETY: sending a signal to our own child process.
        let sent = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn status(response: &str) -> u16 {
    response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Waits until `check` holds, for up to `seconds`.
pub fn eventually(seconds: u64, what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends a raw HTTP/1.1 request to a port on the loopback interface; the whole response.
pub fn send(port: u16, request: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    // Bodies may be compressed: the headers are what tests read then.
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// Waits up to `seconds` for a log line containing every one of `words`.
pub fn wait_for_log(log: &mpsc::Receiver<String>, seconds: u64, words: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = log.recv_timeout(left).unwrap_or_else(|_| panic!("no log line with {words:?}"));
        if words.iter().all(|word| line.contains(word)) {
            return;
        }
    }
}

pub const PASSWORD: &str = "correct horse battery staple\n";

/// A SQLite database and a development-mail directory in `dir`, plus `extra` settings.
pub fn sqlite_env(dir: &TempDir, extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("LATCHKEY_DATABASE_URL", format!("sqlite://{}/serve.db?mode=rwc", dir.path().display())),
        ("LATCHKEY_MAIL_DIR", dir.path().join("mail").display().to_string()),
    ];
    env.extend(extra.iter().cloned());
    env
}

/// A server on `sqlite_env(dir, extra)` with one API Owner, ada@example.com, whose password is
/// `PASSWORD`.
pub fn server_with_owner(dir: &TempDir, extra: &[(&'static str, String)]) -> Server {
    let env = sqlite_env(dir, extra);
    cli(
        dir.path(),
        &env,
        &["user", "add", "--email", "ada@example.com", "--role", "owner", "--password-stdin"],
        PASSWORD,
    );
    Server::start(dir.path(), &env)
}

pub fn sqlite_server(dir: &TempDir) -> Server {
    Server::start(dir.path(), &sqlite_env(dir, &[]))
}

/// The cookies a login with `PASSWORD` sets.
pub fn log_in(server: &Server, email: &str) -> Vec<String> {
    let body = format!("email={}&password=correct+horse+battery+staple", email.replace('@', "%40").replace('+', "%2B"));
    let response = server.post("/api/auth/login", &body, "192.0.2.1").unwrap();
    assert_eq!(status(&response), 200, "{response}");
    response.lines().filter_map(|line| line.strip_prefix("set-cookie: ")).map(str::to_owned).collect()
}

/// A webhook receiver on a loopback port, in a thread: it answers every post 204 after `delay`
/// and keeps its `webhook-id` header and body, in the order they came.
pub struct WebhookReceiver {
    pub url: String,
    posts: std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
}

impl WebhookReceiver {
    pub fn start(delay: Duration) -> WebhookReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let posts = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = posts.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let kept = kept.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(&stream);
                    let (mut id, mut length) = (String::new(), 0);
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                            break;
                        }
                        let (name, value) = line.split_once(':').unwrap_or_default();
                        match name.to_ascii_lowercase().as_str() {
                            "webhook-id" => id = value.trim().to_owned(),
                            "content-length" => length = value.trim().parse().unwrap_or(0),
                            _ => {}
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    std::thread::sleep(delay);
                    kept.lock().unwrap().push((id, String::from_utf8_lossy(&body).into_owned()));
                    let _ = (&stream)
                        .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                });
            }
        });
        WebhookReceiver { url, posts }
    }

    /// Every post so far: its `webhook-id` and body.
    pub fn posts(&self) -> Vec<(String, String)> {
        self.posts.lock().unwrap().clone()
    }
}
