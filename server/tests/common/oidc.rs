//! An application signing people in through Latchkey with the `openidconnect` crate (a
//! relying-party library nobody here wrote), talking to real server processes.

use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    RedirectUrl, Scope, TokenResponse,
    core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims},
    http,
};

use super::{Server, send};

pub const CALLBACK: &str = "https://portal.example.com/auth/callback";

/// An application as `latchkey client add` printed it.
pub struct App {
    pub id: String,
    pub secret: String,
}

impl App {
    pub fn of(printed: &str) -> App {
        let value = |label: &str| {
            let line = printed.lines().find_map(|line| line.strip_prefix(label)).expect(label);
            line.trim().to_owned()
        };
        App { id: value("client_id:"), secret: value("client_secret:") }
    }
}

/// The `openidconnect` crate's HTTP client, sending every request to the server on `port`
/// whatever host its URL names (the issuer is the portal's public URL).
pub fn http_to(port: u16) -> impl Fn(http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, std::io::Error> {
    move |request| {
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
        let mut raw = format!("{} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", request.method());
        for (name, value) in request.headers() {
            raw.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
        }
        let body = String::from_utf8(request.body().clone()).unwrap();
        raw.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        let answer = send(port, &raw).ok_or_else(|| std::io::Error::other("no answer"))?;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let mut response = http::Response::builder().status(status);
        for (name, value) in lines.filter_map(|line| line.split_once(": ")) {
            assert!(!(name == "transfer-encoding" && value == "chunked"), "a chunked answer");
            response = response.header(name, value);
        }
        Ok(response.body(body.as_bytes().to_vec()).unwrap())
    }
}

/// The whole flow, begun on `first` and finished on `second` (the same server, or two sharing a
/// database): discovery, authorization for the person signed in with `session` (a cookie),
/// the code exchanged, the ID token checked against the JWKS, userinfo, a refresh, and a
/// reused refresh token refused. Returns the `sub` the ID token names.
pub fn sign_in_through(app: &App, issuer: &str, first: &Server, second: &Server, session: &str) -> String {
    let (on_first, on_second) = (http_to(first.port), http_to(second.port));
    let metadata = CoreProviderMetadata::discover(&IssuerUrl::new(issuer.to_owned()).unwrap(), &on_first).unwrap();
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(app.id.clone()),
        Some(ClientSecret::new(app.secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(CALLBACK.to_owned()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("offline_access".into()))
        .set_pkce_challenge(challenge)
        .url();

    // The browser, signed in, asks the first server and is sent back with a code.
    let path = &url.as_str()[url.origin().ascii_serialization().len()..];
    let answer = first
        .send(&format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {session}\r\nConnection: close\r\n\r\n"))
        .unwrap();
    let location =
        answer.lines().find_map(|line| line.strip_prefix("location: ")).unwrap_or_else(|| panic!("{answer}"));
    let back = url::Url::parse(location).unwrap();
    assert!(back.as_str().starts_with(CALLBACK), "{back}");
    let param = |name: &str| back.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned());
    assert_eq!(param("state").as_deref(), Some(state.secret().as_str()));

    let tokens = client
        .exchange_code(AuthorizationCode::new(param("code").unwrap()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request(&on_second)
        .unwrap();
    let claims = tokens.id_token().unwrap().claims(&client.id_token_verifier(), &nonce).unwrap();
    assert_eq!(claims.email().map(|e| e.as_str()), Some("ada@example.com"));
    assert!(claims.auth_time().is_some());
    let sub = claims.subject().as_str().to_owned();

    let info: CoreUserInfoClaims =
        client.user_info(tokens.access_token().clone(), None).unwrap().request(&on_first).unwrap();
    assert_eq!(info.subject().as_str(), sub);
    assert_eq!(info.email().map(|e| e.as_str()), Some("ada@example.com"));

    let refresh = tokens.refresh_token().unwrap();
    let refreshed = client.exchange_refresh_token(refresh).unwrap().request(&on_second).unwrap();
    assert_ne!(refreshed.refresh_token().unwrap().secret(), refresh.secret());
    assert!(client.exchange_refresh_token(refresh).unwrap().request(&on_first).is_err(), "a reused refresh token");
    assert!(client.exchange_refresh_token(refreshed.refresh_token().unwrap()).unwrap().request(&on_second).is_err());
    sub
}
