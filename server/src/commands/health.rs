//! `latchkey health`: whether the server on `LATCHKEY_ADDR` answers `/healthz`, for a
//! container's `HEALTHCHECK` (the image has no shell and no curl).

use std::{
    io::{Read, Write},
    net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream},
    time::Duration,
};

use latchkey_domain::config::Config;

pub fn check(config: &Config) -> Result<(), String> {
    let mut addr = config.http.addr;
    // A server listening on every address is asked on the loopback one.
    if addr.ip().is_unspecified() {
        let loopback = if addr.is_ipv4() { Ipv4Addr::LOCALHOST.into() } else { Ipv6Addr::LOCALHOST.into() };
        addr = SocketAddr::new(loopback, addr.port());
    }
    let fail = |e: std::io::Error| format!("{addr}: {e}");
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(fail)?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).map_err(fail)?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").map_err(fail)?;
    let mut answer = String::new();
    stream.take(4096).read_to_string(&mut answer).map_err(fail)?;
    let status = answer.split(' ').nth(1).unwrap_or_default();
    if status == "200" { Ok(()) } else { Err(format!("{addr}: /healthz answered {status:?}")) }
}
