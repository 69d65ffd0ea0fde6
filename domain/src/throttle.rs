//! Abuse limits whose state lives in the database, so they hold across several servers:
//! a fixed-window counter per key (client IPs), and per-address login throttling.

use entity::{login_throttle, rate_limit};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    Statement,
};

/// Failed logins allowed per address within `LOGIN_WINDOW_SECONDS` before throttling starts.
pub const LOGIN_FAILURES_ALLOWED: i32 = 5;
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// The longest wait; there is never a permanent lockout.
pub const LOGIN_MAX_WAIT_SECONDS: i64 = 15 * 60;

/// Over the limit: try again after this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: i64,
}

/// Counts a hit on `key` in the current `window`-second window and refuses it past `limit`.
/// One statement, atomic on SQLite and PostgreSQL alike.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    limit: u32,
    window: i64,
    now: i64,
) -> Result<Result<(), Limited>, DbErr> {
    let window_start = now - now.rem_euclid(window);
    let sql = r#"INSERT INTO rate_limits ("key", window_start, hits) VALUES ($1, $2, 1)
        ON CONFLICT ("key") DO UPDATE SET
            hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
            window_start = excluded.window_start
        RETURNING hits"#;
    let statement = Statement::from_sql_and_values(db.get_database_backend(), sql, [key.into(), window_start.into()]);
    let hits: i32 = match db.query_one_raw(statement).await? {
        Some(row) => row.try_get("", "hits")?,
        None => 1,
    };
    if i64::from(hits) > i64::from(limit) {
        Ok(Err(Limited { retry_after: window_start + window - now }))
    } else {
        Ok(Ok(()))
    }
}

/// Whether logins for this (normalised) address are on hold, and for how long.
pub async fn login_blocked(db: &impl ConnectionTrait, email: &str, now: i64) -> Result<Option<Limited>, DbErr> {
    let row = login_throttle::Entity::find_by_id(email.to_owned()).one(db).await?;
    Ok(row.filter(|r| r.blocked_until > now).map(|r| Limited { retry_after: r.blocked_until - now }))
}

/// Records a failed login. From the fifth failure within the window each further failure puts
/// the address on hold: 1 minute, then 2, 4, 8, up to 15.
pub async fn record_login_failure(db: &impl ConnectionTrait, email: &str, now: i64) -> Result<(), DbErr> {
    let existing = login_throttle::Entity::find_by_id(email.to_owned()).one(db).await?;
    // The count starts over once the window has passed with no hold in it; failures soon after
    // a hold keep counting, so the waits can grow.
    let fresh = existing.as_ref().is_none_or(|r| {
        r.first_failure_at <= now - LOGIN_WINDOW_SECONDS && r.blocked_until <= now - LOGIN_WINDOW_SECONDS
    });
    let failures = if fresh { 1 } else { existing.as_ref().map_or(0, |r| r.failures) + 1 };
    let blocked_until = if failures >= LOGIN_FAILURES_ALLOWED {
        let doublings = (failures - LOGIN_FAILURES_ALLOWED).min(10);
        now + (60_i64 << doublings).min(LOGIN_MAX_WAIT_SECONDS)
    } else {
        0
    };
    let row = login_throttle::ActiveModel {
        email_normalized: Set(email.to_owned()),
        failures: Set(failures),
        first_failure_at: Set(if fresh { now } else { existing.as_ref().map_or(now, |r| r.first_failure_at) }),
        blocked_until: Set(blocked_until),
    };
    if existing.is_some() { row.update(db).await.map(drop) } else { row.insert(db).await.map(drop) }
}

/// Forgets the failures of an address (after a successful login or password reset).
pub async fn clear_login_failures(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(email.to_owned()).exec(db).await.map(drop)
}

/// Removes counters and login records that can no longer affect anything: windows that ended
/// over an hour ago, and addresses with no failure or hold in the last login window.
pub async fn purge_stale(db: &impl ConnectionTrait, now: i64) -> Result<u64, DbErr> {
    let windows = rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(now - 3600))
        .exec(db)
        .await?
        .rows_affected;
    let quiet_since = now - LOGIN_WINDOW_SECONDS;
    let logins = login_throttle::Entity::delete_many()
        .filter(
            Condition::all()
                .add(login_throttle::Column::FirstFailureAt.lt(quiet_since))
                .add(login_throttle::Column::BlockedUntil.lt(quiet_since)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok(windows + logins)
}
