use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use latchkey_domain::{audit::Client, throttle, unix_now};

use super::AppState;

/// Works out who is asking (for the audit log and the rate limits) and puts it in the
/// request's extensions, where the server functions find it.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let socket = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let ip = if state.latchkey.config.trust_proxy { forwarded_for(req.headers()).or(socket) } else { socket };
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    req.extensions_mut().insert(Client { ip, user_agent });
    next.run(req).await
}

/// The client address the nearest proxy saw: the last entry of `X-Forwarded-For`.
fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let value = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back()?;
    let last = value.rsplit(',').next()?.trim();
    last.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string())
}

/// `LATCHKEY_RATE_LIMIT_IP_PER_MIN` POSTs to `/api/auth/*` per client IP per minute, counted in
/// the database so that several servers share the count; then 429 with `Retry-After`.
pub async fn limit_auth_posts(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/auth/") {
        return next.run(req).await;
    }
    let Some(ip) = req.extensions().get::<Client>().and_then(|c| c.ip.clone()) else {
        return next.run(req).await;
    };
    let k = &state.latchkey;
    match throttle::hit(&k.db, &format!("ip:{ip}"), k.config.rate_limit_ip_per_min, 60, unix_now()).await {
        Ok(Ok(())) => next.run(req).await,
        Ok(Err(limited)) => {
            tracing::warn!(%ip, "per-IP limit reached");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_proxys_entry_is_used() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.1, 203.0.113.7"));
        assert_eq!(forwarded_for(&headers).as_deref(), Some("203.0.113.7"));
        headers.insert("x-forwarded-for", HeaderValue::from_static("not an ip"));
        assert_eq!(forwarded_for(&headers), None);
    }
}
