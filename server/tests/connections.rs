#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! What a client can do with a connection: trickling its bytes never holds the server, and a
//! connection between requests is kept open for a while.

mod common;

use std::{
    io::{ErrorKind, Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

use common::{Server, log_in, server_with_owner, sqlite_env, status};

/// Slowloris: 300 connections that send one byte of their headers a second. A person logging
/// in meanwhile is served, and the server closes every slow connection once its headers are
/// 10 s late.
#[test]
fn connections_trickling_their_headers_are_closed_and_never_hold_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_owner(&dir, &[]);
    let mut slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.set_nonblocking(true).unwrap();
            stream
        })
        .collect();
    let request =
        b"GET /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let started = Instant::now();
    let mut logged_in = false;
    let mut open = slow.len();
    for second in 0.. {
        // One more byte on every connection still open; a closed one fails to take it (or
        // reads its end).
        open = 0;
        for stream in &mut slow {
            let byte = request[second % request.len()];
            let mut end = [0u8; 1];
            let closed = match stream.read(&mut end) {
                Err(err) if err.kind() == ErrorKind::WouldBlock => {
                    matches!(stream.write(&[byte]), Err(err) if err.kind() != ErrorKind::WouldBlock)
                }
                // Its end, an answer (there should be none before the headers), or a reset.
                Ok(_) | Err(_) => true,
            };
            if !closed {
                open += 1;
            }
        }
        if second == 2 {
            // Meanwhile, a person logs in, at once.
            let before = Instant::now();
            log_in(&server, "ada@example.com");
            assert!(before.elapsed() < Duration::from_secs(5), "the login waited {:?}", before.elapsed());
            logged_in = true;
        }
        if open == 0 || started.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    assert!(logged_in);
    assert_eq!(open, 0, "{open} slow connections still open after {:?}", started.elapsed());
    assert!(started.elapsed() >= Duration::from_secs(9), "closed only once they were late: {:?}", started.elapsed());
}

/// Between two requests a connection may wait longer than headers may take to arrive.
#[test]
fn a_connection_waiting_for_its_next_request_stays_open_beyond_the_header_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &sqlite_env(&dir, &[]));
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let ask = |stream: &mut TcpStream| {
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut answer = [0u8; 1024];
        let read = stream.read(&mut answer).unwrap();
        status(&String::from_utf8_lossy(&answer[..read]))
    };
    assert_eq!(ask(&mut stream), 200);
    std::thread::sleep(Duration::from_secs(12));
    assert_eq!(ask(&mut stream), 200, "the same connection, 12 s later");
}
