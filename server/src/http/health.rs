use axum::{extract::State, http::StatusCode};
use latchkey_domain::db;

use super::AppState;

/// 200 while the process runs.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the database answers, else 503.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if db::ping(&state.latchkey.db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
