//! Links into the portal, built from `LATCHKEY_BASE_URL` only, never from request headers.

use url::Url;

use crate::config::Http;

/// Where a login may send the browser back to: `raw` when it is a path on this site or a URL
/// whose origin is the base URL's or one of `LATCHKEY_RETURN_ORIGINS`; anything else (another
/// origin, `//host`, `javascript:`, backslashes, control characters) gives `None`.
pub fn safe_return_to(raw: &str, http: &Http) -> Option<Url> {
    let suspicious = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    if raw.is_empty() || raw.len() > 2048 || raw.chars().any(suspicious) {
        return None;
    }
    let url = if raw.starts_with('/') {
        // `//host/path` is a URL on another host, not a path.
        if raw.starts_with("//") {
            return None;
        }
        http.base_url.join(raw).ok()?
    } else {
        Url::parse(raw).ok()?
    };
    if !matches!(url.scheme(), "http" | "https") || url.username() != "" || url.password().is_some() {
        return None;
    }
    let origin = url.origin();
    (origin == http.base_url.origin() || http.return_origins.contains(&origin)).then_some(url)
}

/// The login page that returns to `to` afterwards (`to` is checked again when used).
pub fn login_returning_to(base: &Url, to: &str) -> Url {
    let mut url = page_url(base, &["auth", "login"]);
    url.query_pairs_mut().append_pair("return_to", to);
    url
}

/// `<base>/auth/reset/code?token=…`, keeping any path prefix the base URL has.
pub fn reset_link(base: &Url, token: &str) -> Url {
    let mut url = page_url(base, &["auth", "reset", "code"]);
    url.query_pairs_mut().append_pair("token", token);
    url
}

/// `<base>/auth/confirm?token=…`: a sign-up's confirmation link.
pub fn confirm_link(base: &Url, token: &str) -> Url {
    let mut url = page_url(base, &["auth", "confirm"]);
    url.query_pairs_mut().append_pair("token", token);
    url
}

/// A page of the portal under the base URL (`segments` appended to its path).
pub fn page_url(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn http() -> Http {
        let mut http = Config::defaults().http;
        http.base_url = Url::parse("https://auth.example.com").unwrap();
        http.return_origins = vec![Url::parse("https://portal.example.com").unwrap().origin()];
        http
    }

    #[test]
    fn logins_return_only_to_this_site_or_listed_origins() {
        let http = http();
        let allowed = |raw: &str| safe_return_to(raw, &http).map(|u| u.to_string());
        assert_eq!(
            allowed("https://portal.example.com/docs?x=1").as_deref(),
            Some("https://portal.example.com/docs?x=1")
        );
        assert_eq!(allowed("https://auth.example.com/account").as_deref(), Some("https://auth.example.com/account"));
        assert_eq!(allowed("/account").as_deref(), Some("https://auth.example.com/account"));
        for attack in [
            "https://evil.example/",
            "https://portal.example.com.evil.example/",
            "http://portal.example.com/",
            "https://portal.example.com:8443/",
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "https:/\\evil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,hi",
            "https://user:pass@portal.example.com/",
            "https://portal.example.com/\nSet-Cookie:x",
            " https://portal.example.com/",
            "",
        ] {
            assert_eq!(allowed(attack), None, "{attack:?} was allowed");
        }
    }

    #[test]
    fn links_are_built_from_the_base_url_only() {
        let base = Url::parse("https://portal.example.com").unwrap();
        assert_eq!(reset_link(&base, "abc").as_str(), "https://portal.example.com/auth/reset/code?token=abc");
        let prefixed = Url::parse("https://example.com/portal/").unwrap();
        assert_eq!(reset_link(&prefixed, "a-b_c").as_str(), "https://example.com/portal/auth/reset/code?token=a-b_c");
        assert_eq!(page_url(&prefixed, &["auth", "login"]).as_str(), "https://example.com/portal/auth/login");
    }
}
