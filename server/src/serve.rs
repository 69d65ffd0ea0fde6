//! `latchkey serve`: migrate, then serve until SIGTERM or Ctrl-C.

use std::net::SocketAddr;

use latchkey_domain::{Latchkey, accounts, config::Config};
use tokio::net::TcpListener;

use crate::{
    commands::open,
    http::{self, AppState},
    site,
};

pub async fn run(config: Config) -> Result<(), String> {
    let db = open(&config).await?;
    if accounts::count(&db)
        .await
        .map_err(|e| format!("database: {e}"))?
        == 0
    {
        tracing::info!(
            "no accounts yet; create the first with: target/release/latchkey user add --email you@example.com --role owner --password-stdin"
        );
    }
    let addr = config.addr;
    let state = AppState {
        leptos_options: site::leptos_options(addr),
        latchkey: Latchkey::new(db, config),
    };
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(url = %state.latchkey.config.base_url, %addr, "latchkey is serving");
    axum::serve(
        listener,
        http::router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server: {e}"))?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on SIGTERM or SIGINT; in-flight requests then finish before `serve` returns.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
