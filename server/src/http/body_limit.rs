//! Bodies over 16 KiB are refused with 413, whether the client announced their size or sent
//! them chunked; nothing behind this reads a byte more.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub async fn refuse_large_bodies(req: Request, next: Next) -> Response {
    let announced =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(length) if length > MAX_BODY_BYTES as u64 => too_large(),
        Some(_) => next.run(req).await,
        // No length (chunked): read at most the limit now, so an endless body costs nothing.
        None => {
            let (parts, body) = req.into_parts();
            match to_bytes(body, MAX_BODY_BYTES).await {
                Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
                Err(_) => too_large(),
            }
        }
    }
}

fn too_large() -> Response {
    (StatusCode::PAYLOAD_TOO_LARGE, "The request body is larger than 16 KiB.").into_response()
}
