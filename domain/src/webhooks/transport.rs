//! Posting an event: one HTTP/1.1 request on a connection of its own, over TLS for https (with
//! the Mozilla roots that webpki-roots carries: a `FROM scratch` image has no system store),
//! within a time limit for the whole exchange. Redirects are not followed: a 3xx is a failure.

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{
    Request, StatusCode,
    header::{CONTENT_TYPE, HOST, USER_AGENT},
};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_rustls::{
    TlsConnector,
    rustls::{ClientConfig, RootCertStore, crypto::ring, pki_types::ServerName},
};
use url::{Position, Url};

use crate::Error;

/// Seconds a post may take, from connecting to the answer's status.
pub const POST_TIMEOUT_SECONDS: u64 = 10;

#[derive(Clone)]
pub struct Transport {
    tls: TlsConnector,
}

impl Transport {
    pub fn new() -> Result<Transport, Error> {
        let roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::System(format!("TLS for webhooks: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Transport { tls: TlsConnector::from(Arc::new(config)) })
    }

    /// Posts the JSON `body` with `headers`: `Ok` when the receiver answers 2xx, otherwise what
    /// went wrong, in one line.
    pub async fn post(&self, url: &Url, headers: &[(&str, String)], body: String) -> Result<(), String> {
        let limit = Duration::from_secs(POST_TIMEOUT_SECONDS);
        let status = tokio::time::timeout(limit, self.exchange(url, headers, body))
            .await
            .map_err(|_| format!("no answer within {POST_TIMEOUT_SECONDS} seconds"))??;
        if status.is_success() { Ok(()) } else { Err(format!("the receiver answered {status}")) }
    }

    async fn exchange(&self, url: &Url, headers: &[(&str, String)], body: String) -> Result<StatusCode, String> {
        let host = url.host_str().ok_or("the URL has no host")?;
        let port = url.port_or_known_default().ok_or("the URL has no port")?;
        // An IPv6 address is written in brackets in a URL, and without them to connect.
        let address = host.trim_start_matches('[').trim_end_matches(']');
        let tcp =
            TcpStream::connect((address, port)).await.map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
        let request = request(url, headers, body)?;
        if url.scheme() == "https" {
            let name = ServerName::try_from(address.to_owned()).map_err(|e| format!("{host}: {e}"))?;
            let tls = self.tls.connect(name, tcp).await.map_err(|e| format!("TLS with {host}: {e}"))?;
            send(TokioIo::new(tls), request).await
        } else {
            send(TokioIo::new(tcp), request).await
        }
    }
}

fn request(url: &Url, headers: &[(&str, String)], body: String) -> Result<Request<Full<Bytes>>, String> {
    let mut request = Request::post(&url[Position::BeforePath..Position::AfterQuery])
        .header(HOST, &url[Position::BeforeHost..Position::AfterPort])
        .header(CONTENT_TYPE, "application/json")
        .header(USER_AGENT, concat!("Latchkey/", env!("CARGO_PKG_VERSION")));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.body(Full::new(Bytes::from(body))).map_err(|e| format!("cannot build the request: {e}"))
}

/// Sends the request on a fresh connection and reads the answer's status (not its body).
async fn send<IO>(io: IO, request: Request<Full<Bytes>>) -> Result<StatusCode, String>
where
    IO: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.map_err(|e| format!("HTTP: {e}"))?;
    let connection = tokio::spawn(connection);
    let answer = sender.send_request(request).await.map_err(|e| format!("HTTP: {e}"));
    connection.abort();
    answer.map(|response| response.status())
}
