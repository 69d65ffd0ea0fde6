#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! `latchkey serve` as a process: it starts, answers, and shuts down cleanly on SIGTERM.

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Server {
    fn start(name: &str) -> Server {
        let dir = std::env::temp_dir().join(format!("latchkey-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_latchkey"))
            .arg("serve")
            .current_dir(&dir)
            .env("LATCHKEY_ADDR", format!("127.0.0.1:{port}"))
            .env("LATCHKEY_DATABASE_URL", format!("sqlite://{}/serve.db?mode=rwc", dir.display()))
            .env("LATCHKEY_MAIL_DIR", dir.join("mail"))
            .env("LATCHKEY_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.get("/healthz").is_none() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn get(&self, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        Some(response)
    }

    fn terminate(&self) {
        // SAFETY: sending a signal to our own child process.
        let sent = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn health_and_readiness_answer() {
    let server = Server::start("health");
    assert!(server.get("/healthz").unwrap().starts_with("HTTP/1.1 200"));
    assert!(server.get("/readyz").unwrap().starts_with("HTTP/1.1 200"));
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_zero() {
    let mut server = Server::start("sigterm");
    // A login costs an Argon2 verification: long enough to be in flight when the signal comes.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let body = "email=nobody%40example.com&password=not+the+password+at+all";
    write!(
        stream,
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(5));
    server.terminate();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 401"), "the request in flight was answered: {response}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    // And it no longer accepts connections.
    assert!(server.get("/healthz").is_none());
}
