//! Talking to the second factor over the wire: cookies and JSON from raw answers, and the codes
//! an authenticator app would show.

use super::{Server, status};

/// The value of cookie `name` among `Set-Cookie` lines, as `name=value`.
pub fn cookie(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {cookies:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

pub fn set_cookies(response: &str) -> Vec<String> {
    response.lines().filter_map(|line| line.strip_prefix("set-cookie: ")).map(str::to_owned).collect()
}

pub fn body(response: &str) -> serde_json::Value {
    serde_json::from_str(response.split_once("\r\n\r\n").unwrap().1).unwrap_or(serde_json::Value::Null)
}

/// A form post with `cookie`, as an API client sends it.
pub fn post(server: &Server, path: &str, cookie: &str, body: &str) -> String {
    server
        .send(&format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n\
             X-Forwarded-For: 192.0.2.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
        .unwrap()
}

/// Forward auth's answer for `cookie`.
pub fn verify(server: &Server, cookie: &str, query: &str) -> String {
    server
        .send(&format!(
            "GET /api/auth/verify{query} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ))
        .unwrap()
}

/// The code an app with `secret` shows now, or `steps_ago` 30-second steps back.
pub fn code(secret: &str, steps_ago: u64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
    let now = u64::try_from(latchkey_domain::unix_now()).unwrap();
    let totp = totp_rs::Builder::new().with_secret(bytes.as_bytes().to_vec()).build_noncompliant();
    totp.generate(now - steps_ago * 30).to_string()
}

pub fn current_code(secret: &str) -> String {
    code(secret, 0)
}

pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Turns an app on for the session `cookie`; its secret. The code typed is the previous step's
/// (one step of drift is accepted), so that the current step's code is still unused.
pub fn turn_on_app(server: &Server, cookie: &str) -> String {
    let setup = post(server, "/api/account/authenticator-setup", cookie, "");
    assert_eq!(status(&setup), 200, "{setup}");
    let setup = body(&setup);
    let (secret, sealed) = (setup["secret"].as_str().unwrap(), setup["setup"].as_str().unwrap());
    let on = post(
        server,
        "/api/account/authenticator",
        cookie,
        &format!("setup={}&code={}", encode(sealed), code(secret, 1)),
    );
    assert_eq!(status(&on), 200, "{on}");
    secret.to_owned()
}
