//! Links into the portal, built from `LATCHKEY_BASE_URL` only, never from request headers.

use url::Url;

/// `<base>/auth/reset/code?token=…`, keeping any path prefix the base URL has.
pub fn reset_link(base: &Url, token: &str) -> Url {
    let mut url = page_url(base, &["auth", "reset", "code"]);
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

    #[test]
    fn links_are_built_from_the_base_url_only() {
        let base = Url::parse("https://portal.example.com").unwrap();
        assert_eq!(reset_link(&base, "abc").as_str(), "https://portal.example.com/auth/reset/code?token=abc");
        let prefixed = Url::parse("https://example.com/portal/").unwrap();
        assert_eq!(reset_link(&prefixed, "a-b_c").as_str(), "https://example.com/portal/auth/reset/code?token=a-b_c");
        assert_eq!(page_url(&prefixed, &["auth", "login"]).as_str(), "https://example.com/portal/auth/login");
    }
}
