//! The listener: HTTP/1.1 connections served by hyper, each with the time limits of
//! CONTRACT §7. A request's headers must arrive within 10 s of its first byte and its body within
//! 30 s of its headers; a connection waiting for its next request is closed after 60 s. A client
//! that trickles its bytes (Slowloris) is cut off, so a few hundred of them never hold the server.

use std::{
    future::Future,
    io,
    pin::Pin,
    task::{Context, Poll, ready},
    time::Duration,
};

use axum::{Router, extract::ConnectInfo};
use hyper_util::{rt::TokioIo, server::graceful::GracefulShutdown, service::TowerToHyperService};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpListener,
    time::{Instant, Sleep, sleep},
};
use tower::ServiceExt;

/// From a request's first byte to the end of its headers.
pub const HEADERS_WITHIN: Duration = Duration::from_secs(10);
/// From the end of a request's headers to the end of its body.
pub const BODY_WITHIN: Duration = Duration::from_secs(30);
/// A connection with no request in progress.
pub const IDLE_FOR: Duration = Duration::from_secs(60);
/// How long requests in flight may take to finish once the server is asked to stop.
const FINISH_WITHIN: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` until `stop` resolves, then lets the requests in flight finish.
pub async fn serve(listener: TcpListener, router: Router, stop: impl Future<Output = ()>) -> io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The limits below are this module's own (`Paced`); hyper's would count idle time as time
    // spent reading headers.
    builder.header_read_timeout(None);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, say: wait a little rather than spin.
                Err(err) => {
                    tracing::warn!(error = %err, "a connection could not be accepted");
                    sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(move |req: hyper::Request<hyper::body::Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let connection = builder.serve_connection(TokioIo::new(Paced::new(stream)), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, %peer, "connection closed");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(FINISH_WITHIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after {} s; stopping anyway", FINISH_WITHIN.as_secs());
    }
    Ok(())
}

/// A connection under the time limits: it fails with `TimedOut` (and hyper closes it) when the
/// client is late, whatever it is late with.
struct Paced<IO> {
    io: IO,
    phase: Phase,
    deadline: Pin<Box<Sleep>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// No request in progress: waiting for the next one's first byte.
    Idle,
    /// A request's headers are arriving; `newline`: the last byte that counts was a line end
    /// (headers end at an empty line, `\r\n\r\n` or, leniently, `\n\n`).
    Headers { newline: bool },
    /// The headers are in: the body, if any, is arriving, or the request is being answered.
    Body,
}

impl<IO> Paced<IO> {
    fn new(io: IO) -> Self {
        Paced { io, phase: Phase::Idle, deadline: Box::pin(sleep(IDLE_FOR)) }
    }

    fn enter(&mut self, phase: Phase, within: Duration) {
        self.phase = phase;
        self.deadline.as_mut().reset(Instant::now() + within);
    }

    /// Follows the request through the bytes just read.
    fn read(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            match self.phase {
                Phase::Idle => self.enter(Phase::Headers { newline: byte == b'\n' }, HEADERS_WITHIN),
                Phase::Headers { newline } => match byte {
                    b'\n' if newline => return self.enter(Phase::Body, BODY_WITHIN),
                    b'\n' => self.phase = Phase::Headers { newline: true },
                    b'\r' => {}
                    _ => self.phase = Phase::Headers { newline: false },
                },
                Phase::Body => return,
            }
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Paced<IO> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("client too slow ({:?})", this.phase),
            )));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
        this.read(&buf.filled()[before..]);
        Poll::Ready(Ok(()))
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Paced<IO> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let written = ready!(Pin::new(&mut self.io).poll_write(cx, buf))?;
        // An answer is going out: the request is over, the connection waits for the next one.
        if written > 0 {
            self.enter(Phase::Idle, IDLE_FOR);
        }
        Poll::Ready(Ok(written))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase_after(chunks: &[&[u8]]) -> Phase {
        let mut paced = Paced::new(());
        for chunk in chunks {
            paced.read(chunk);
        }
        paced.phase
    }

    #[tokio::test]
    async fn a_requests_headers_end_at_its_first_empty_line_however_it_is_split() {
        assert_eq!(phase_after(&[]), Phase::Idle);
        assert_eq!(phase_after(&[b"G"]), Phase::Headers { newline: false });
        assert_eq!(phase_after(&[b"GET / HTTP/1.1\r\nHost: x\r\n"]), Phase::Headers { newline: true });
        assert_eq!(phase_after(&[b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"]), Phase::Body);
        assert_eq!(phase_after(&[b"GET / HTTP/1.1\r", b"\nHost: x\r\n\r", b"\n"]), Phase::Body);
        assert_eq!(phase_after(&[b"GET / HTTP/1.1\nHost: x\n\n"]), Phase::Body);
        assert_eq!(phase_after(&[b"GET / HTTP/1.1\r\nHost: x\r\nA\r\n"]), Phase::Headers { newline: true });
    }
}
