//! `LATCHKEY_RATE_LIMIT_IP_PER_MIN` POSTs to `/api/auth/*` (the routes this layer is on) per
//! client (an IPv4 address or an IPv6 /64) per minute, counted in the database so that several
//! servers share the count.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use latchkey_domain::{audit::Client, throttle::client_network, unix_now};

use super::AppState;

pub async fn limit_auth_posts(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(ip) = req.extensions().get::<Client>().and_then(|c| c.ip.clone()) else {
        return next.run(req).await;
    };
    let counted_as = ip.parse().map_or_else(|_| ip.clone(), client_network);
    match state.latchkey.hit_ip_limit(&counted_as, unix_now()).await {
        Ok(Ok(())) => next.run(req).await,
        Ok(Err(limited)) => {
            tracing::warn!(client = %counted_as, "per-IP limit reached");
            metrics::counter!("latchkey_rate_limit_refusals_total", "limit" => "ip").increment(1);
            too_many_requests(limited.retry_after)
        }
        // Limits protect the service; when their store is down the request itself will say so.
        Err(err) => {
            tracing::error!(error = %err, "rate limit check failed; letting the request through");
            next.run(req).await
        }
    }
}

fn too_many_requests(retry_after: i64) -> Response {
    let body = serde_json::json!({ "error": "throttled", "retry_after": retry_after });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
