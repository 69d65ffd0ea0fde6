//! Prometheus metrics on a listener of their own (`LATCHKEY_METRICS_ADDR`), never on the public
//! address. The counters are recorded where things happen (`metrics::counter!`); this module
//! installs the exporter, times every request, and serves `/metrics`.

use std::{net::SocketAddr, time::Instant};

use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
    routing::get,
};
use latchkey_domain::Latchkey;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::{net::TcpListener, sync::watch, task::JoinHandle};

const REQUEST_SECONDS: &str = "latchkey_http_request_duration_seconds";
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// Installs the Prometheus recorder for this process.
pub fn install() -> Result<PrometheusHandle, String> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.to_owned()), &BUCKETS)
        .and_then(PrometheusBuilder::install_recorder)
        .map_err(|e| format!("metrics: {e}"))
}

/// Serves `GET /metrics` on `addr` until the shutdown signal.
pub async fn serve(
    k: Latchkey,
    handle: PrometheusHandle,
    addr: SocketAddr,
    mut stop: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, String> {
    let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr} for metrics: {e}"))?;
    tracing::info!(%addr, "metrics at /metrics");
    let app = Router::new().route("/metrics", get(scrape)).with_state((k, handle));
    Ok(tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.changed().await;
        };
        if let Err(err) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %err, "metrics listener failed");
        }
    }))
}

/// The current figures, with the outbox and the live sessions counted afresh.
#[allow(clippy::cast_precision_loss)] // message and session counts are far below 2^52
async fn scrape(State((k, handle)): State<(Latchkey, PrometheusHandle)>) -> String {
    match k.outbox_depth().await {
        Ok((pending, failed)) => {
            metrics::gauge!("latchkey_outbox_messages", "state" => "pending").set(pending as f64);
            metrics::gauge!("latchkey_outbox_messages", "state" => "failed").set(failed as f64);
        }
        Err(err) => tracing::warn!(error = %err, "metrics: the outbox could not be counted"),
    }
    match k.webhook_depth().await {
        Ok((pending, failed)) => {
            metrics::gauge!("latchkey_webhook_deliveries", "state" => "pending").set(pending as f64);
            metrics::gauge!("latchkey_webhook_deliveries", "state" => "failed").set(failed as f64);
        }
        Err(err) => tracing::warn!(error = %err, "metrics: the webhook deliveries could not be counted"),
    }
    match k.active_sessions(latchkey_domain::unix_now()).await {
        Ok(active) => metrics::gauge!("latchkey_active_sessions").set(active as f64),
        Err(err) => tracing::warn!(error = %err, "metrics: the sessions could not be counted"),
    }
    handle.run_upkeep();
    handle.render()
}

/// Counts and times every routed request (pages, server functions, health, verify; not the
/// static files) by route and status. The route is the pattern it matched (a server function's
/// own path), so labels stay few whatever paths people try.
pub async fn record_requests(req: Request, next: Next) -> Response {
    let matched = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status();
    let route = match matched {
        Some(pattern) if pattern.contains("{*") && status.as_u16() != 404 => path,
        Some(pattern) if !pattern.contains("{*") => pattern,
        _ => "unmatched".to_owned(),
    };
    let labels = [("route", route), ("status", status.as_str().to_owned())];
    metrics::counter!("latchkey_http_requests_total", &labels).increment(1);
    metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    response
}
