//! `latchkey serve`: migrate, start the background workers, then serve until SIGTERM or
//! Ctrl-C; in-flight requests and the mail being sent finish before the process exits.

use std::time::Duration;

use latchkey_domain::{backup, config::Config, mail::Transport};
use tokio::{net::TcpListener, sync::watch};

use crate::{
    background,
    commands::open,
    connections,
    http::{self, AppState},
    metrics, site,
};

pub async fn run(config: Config) -> Result<(), String> {
    let transport = Transport::from_config(&config)?;
    if matches!(transport, Transport::Files(_)) {
        tracing::info!(dir = %config.mail.dir.display(), "no LATCHKEY_SMTP_URL: mail is written to files and its links logged");
    }
    let addr = config.http.addr;
    let leptos_options = site::leptos_options(&config);
    let latchkey = open(config).await?;
    // Held until the process ends: `latchkey restore` refuses while any server holds it.
    let _serving = backup::hold_for_serving(latchkey.config())?;
    if latchkey.count_accounts().await.map_err(|e| e.to_string())? == 0 {
        tracing::info!(
            "no accounts yet; create the first with: target/release/latchkey user add --email you@example.com --role owner --password-stdin"
        );
    }
    let (stop, stopped) = watch::channel(false);
    let mut workers = vec![
        background::spawn_mail_worker(latchkey.clone(), transport, stopped.clone()),
        background::spawn_housekeeping(latchkey.clone(), stopped.clone()),
    ];
    if latchkey.config().webhook.is_some() {
        let transport = latchkey_domain::webhooks::Transport::new().map_err(|e| e.to_string())?;
        workers.push(background::spawn_webhook_worker(latchkey.clone(), transport, stopped.clone()));
    }
    if let Some(metrics_addr) = latchkey.config().http.metrics_addr {
        let handle = metrics::install()?;
        workers.push(metrics::serve(latchkey.clone(), handle, metrics_addr, stopped).await?);
    }

    let asset_version = site::asset_version(&leptos_options);
    let state = AppState::new(leptos_options, latchkey, asset_version);
    let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(url = %state.latchkey.config().http.base_url, %addr, "latchkey is serving");
    connections::serve(listener, http::router(state), shutdown_signal()).await.map_err(|e| format!("server: {e}"))?;

    let _ = stop.send(true);
    for worker in workers {
        if tokio::time::timeout(Duration::from_secs(8), worker).await.is_err() {
            tracing::warn!("a background task did not stop in time");
        }
    }
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
