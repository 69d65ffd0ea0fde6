use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// Audit events shown per page.
#[cfg(feature = "ssr")]
const EVENTS_PER_PAGE: u64 = 100;

/// One row of the audit log as API Owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// What happened, in words.
    pub event: String,
    pub email: Option<String>,
    /// The API Owner who acted, when it was not the person themselves.
    pub actor: Option<String>,
    pub client_ip: Option<String>,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub events: Vec<AuditRow>,
    /// The `before` of the next (older) page, when there may be one.
    pub next_before: Option<i64>,
}

/// `GET /api/admin/audit?email=…&before=…`: the audit log, newest first. API Owners only.
#[server(prefix = "/api/admin", endpoint = "audit", input = GetUrl)]
pub async fn audit_log(email: Option<String>, before: Option<i64>) -> Result<AuditPage, ApiError> {
    use crate::ssr::{services, signed_in_owner};

    let k = services()?;
    signed_in_owner(&k).await?;
    let email = email.filter(|e| !e.trim().is_empty());
    let events = k.audit_page(email.as_deref(), before, EVENTS_PER_PAGE).await?;
    let next_before = (events.len() as u64 == EVENTS_PER_PAGE).then(|| events.last().map(|e| e.id)).flatten();
    let events = events
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at,
            event: e.kind.describe().to_owned(),
            email: e.email,
            actor: e.actor,
            client_ip: e.client_ip,
        })
        .collect();
    Ok(AuditPage { events, next_before })
}
