//! Links between the pages that carry values in their query, built the same way on the server
//! and in the browser (without pulling a URL library into the wasm bundle).

/// `/admin/users`, showing accounts whose address contains `q`, from after account `after`,
/// with the fixed confirmation of `done` (see `pages::admin::done_message`).
pub fn users_page(q: &str, after: Option<i64>, done: Option<&str>) -> String {
    let mut query = Vec::new();
    if !q.is_empty() {
        query.push(format!("q={}", encode(q)));
    }
    if let Some(after) = after {
        query.push(format!("after={after}"));
    }
    if let Some(done) = done {
        query.push(format!("done={}", encode(done)));
    }
    with_query("/admin/users", &query)
}

/// The page that asks an API Owner to confirm deleting the account `email`.
pub fn delete_page(email: &str) -> String {
    with_query("/admin/users/delete", &[format!("email={}", encode(email))])
}

/// `/admin/audit`, only the events about `email` (when not empty), older than event `before`.
pub fn audit_page(email: &str, before: Option<i64>) -> String {
    let mut query = Vec::new();
    if !email.is_empty() {
        query.push(format!("email={}", encode(email)));
    }
    if let Some(before) = before {
        query.push(format!("before={before}"));
    }
    with_query("/admin/audit", &query)
}

/// The login's second step, `/auth/login/verify`, going on to `return_to` (if given) after.
#[cfg(feature = "ssr")]
pub fn verify_page(return_to: Option<&str>) -> String {
    let query: Vec<String> = return_to.map(|to| format!("return_to={}", encode(to))).into_iter().collect();
    with_query(crate::routes::VERIFY_PAGE, &query)
}

/// The page that sets up an authenticator app, showing the setup sealed as `setup`.
pub fn app_setup_page(setup: &str) -> String {
    with_query("/account/security/app", &[format!("setup={}", encode(setup))])
}

fn with_query(path: &str, query: &[String]) -> String {
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_parts_left_out() {
        assert_eq!(users_page("", None, None), "/admin/users");
        assert_eq!(users_page("a+b@x.com", Some(7), Some("role")), "/admin/users?q=a%2Bb%40x.com&after=7&done=role");
        assert_eq!(delete_page("zoë&x@y"), "/admin/users/delete?email=zo%C3%AB%26x%40y");
        assert_eq!(audit_page("", Some(3)), "/admin/audit?before=3");
        assert_eq!(verify_page(None), "/auth/login/verify");
        assert_eq!(
            verify_page(Some("https://p.example/a?b=c")),
            "/auth/login/verify?return_to=https%3A%2F%2Fp.example%2Fa%3Fb%3Dc"
        );
    }
}
