//! Abuse limits whose state lives in the database, so they hold across several servers:
//! a fixed-window counter per key (client IPs), and login attempts per address: one allowance
//! shared by every client without the account's device cookie, and one per browser holding one.

use std::net::{IpAddr, Ipv6Addr};

use entity::{login_attempt, rate_limit};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Statement};

use crate::{Error, Latchkey};

/// Login attempts checked per address and scope (see [`LoginScope`]) within
/// `LOGIN_WINDOW_SECONDS` before the address is held for that scope.
pub const LOGIN_FAILURES_ALLOWED: i32 = 5;
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// The longest wait; there is never a permanent lockout.
pub const LOGIN_MAX_WAIT_SECONDS: i64 = 15 * 60;

impl Latchkey {
    /// Counts a POST from `client` (see [`client_network`]) against
    /// `LATCHKEY_RATE_LIMIT_IP_PER_MIN`, in the database so that several servers share the count.
    pub async fn hit_ip_limit(&self, client: &str, now: i64) -> Result<Result<(), Limited>, Error> {
        let key = format!("ip:{client}");
        let limit = self.config.limits.rate_limit_ip_per_min;
        self.writes.hit(key, limit, 60, now).await
    }
}

/// What one client is counted as: an IPv4 address (IPv4-mapped IPv6 included), or the /64 an
/// IPv6 address is in, since one subscriber usually holds a whole /64.
pub fn client_network(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
    }
}

/// Over the limit: try again after this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: i64,
}

/// Counts `count` hits on `key` in the current `window`-second window, at once; returns the
/// window's total after them. One statement, atomic on SQLite and PostgreSQL alike; a hit is
/// refused past its limit by [`verdict`].
pub(crate) async fn hits(
    db: &impl ConnectionTrait,
    key: &str,
    count: i32,
    window: i64,
    now: i64,
) -> Result<i64, DbErr> {
    let window_start = now - now.rem_euclid(window);
    let sql = r#"INSERT INTO rate_limits ("key", window_start, hits) VALUES ($1, $2, $3)
        ON CONFLICT ("key") DO UPDATE SET
            hits = CASE WHEN rate_limits.window_start = excluded.window_start
                THEN rate_limits.hits + excluded.hits ELSE excluded.hits END,
            window_start = excluded.window_start
        RETURNING hits"#;
    let values = [key.into(), window_start.into(), count.into()];
    let statement = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    let hits: i32 = match db.query_one_raw(statement).await? {
        Some(row) => row.try_get("", "hits")?,
        None => count,
    };
    Ok(i64::from(hits))
}

/// Whether the hit that brought the window's count to `hits` is allowed.
pub(crate) fn verdict(hits: i64, limit: u32, window: i64, now: i64) -> Result<(), Limited> {
    let window_start = now - now.rem_euclid(window);
    if hits > i64::from(limit) { Err(Limited { retry_after: window_start + window - now }) } else { Ok(()) }
}

/// Whose allowance a login attempt counts against (OWASP's device-cookie pattern): a browser
/// that has logged into the account before has one of its own, so no stranger's failures hold
/// it; every other client shares one per account, however many networks it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginScope {
    /// A browser that has logged into this account before (its device cookie's id).
    Device(String),
    /// Any other client, from anywhere.
    Strangers,
}

impl LoginScope {
    fn key(&self) -> String {
        match self {
            LoginScope::Device(id) => format!("device:{id}"),
            LoginScope::Strangers => "strangers".to_owned(),
        }
    }
}

/// The wait after the `n`th attempt within a window: none before the allowance is used up,
/// then 1 minute, doubling up to the maximum. Never a permanent lockout.
fn hold_seconds(attempt: i32) -> i64 {
    if attempt < LOGIN_FAILURES_ALLOWED {
        0
    } else {
        (60_i64 << (attempt - LOGIN_FAILURES_ALLOWED).min(10)).min(LOGIN_MAX_WAIT_SECONDS)
    }
}

/// Counts a login attempt for `email` (normalised) in `scope` before its password is checked,
/// and says whether it may be checked. The allowance's last attempt puts the address on hold for
/// this scope at once, so of a burst sent together no more than the allowance get through; once
/// a hold ends, one more attempt is let through and a failure holds it twice as long. Atomic on
/// SQLite and PostgreSQL alike: a conditional update (the row is locked while it is checked),
/// else an insert of the first attempt, else the hold that stopped both.
pub async fn count_login_attempt(
    db: &impl ConnectionTrait,
    email: &str,
    scope: &LoginScope,
    now: i64,
) -> Result<Result<(), Limited>, DbErr> {
    let backend = db.get_database_backend();
    let scope = scope.key();
    let fresh = format!("window_start <= {stale} AND blocked_until <= {stale}", stale = now - LOGIN_WINDOW_SECONDS);
    let attempt = format!("CASE WHEN {fresh} THEN 1 ELSE attempts + 1 END");
    let holds: String = (LOGIN_FAILURES_ALLOWED..LOGIN_FAILURES_ALLOWED + 5)
        .map(|n| format!(" WHEN {attempt} = {n} THEN {}", now + hold_seconds(n)))
        .collect();
    let update = format!(
        r#"UPDATE login_attempts SET
            attempts = {attempt},
            window_start = CASE WHEN {fresh} THEN $3 ELSE window_start END,
            blocked_until = CASE WHEN {attempt} < {allowed} THEN 0 {holds} ELSE {longest} END
        WHERE email_normalized = $1 AND scope = $2 AND blocked_until <= $3
        RETURNING attempts"#,
        allowed = LOGIN_FAILURES_ALLOWED,
        longest = now + LOGIN_MAX_WAIT_SECONDS,
    );
    let insert = r#"INSERT INTO login_attempts (email_normalized, scope, attempts, window_start, blocked_until)
        VALUES ($1, $2, 1, $3, 0) ON CONFLICT (email_normalized, scope) DO NOTHING RETURNING attempts"#;
    let values = || [email.into(), scope.clone().into(), now.into()];
    // Two rounds: a row deleted (a successful login) between the steps is simply tried again.
    for _ in 0..2 {
        if db.query_one_raw(Statement::from_sql_and_values(backend, &update, values())).await?.is_some() {
            return Ok(Ok(()));
        }
        if db.query_one_raw(Statement::from_sql_and_values(backend, insert, values())).await?.is_some() {
            return Ok(Ok(()));
        }
        let held = login_attempt::Entity::find_by_id((email.to_owned(), scope.clone())).one(db).await?;
        if let Some(held) = held.filter(|row| row.blocked_until > now) {
            return Ok(Err(Limited { retry_after: held.blocked_until - now }));
        }
    }
    Ok(Err(Limited { retry_after: 1 }))
}

/// Takes back an attempt whose password was never checked (the hashing queue was full), so a
/// person told to retry is not held for it. A hold that attempt started goes with it.
pub async fn uncount_login_attempt(db: &impl ConnectionTrait, email: &str, scope: &LoginScope) -> Result<(), DbErr> {
    let sql = format!(
        r#"UPDATE login_attempts SET
            attempts = attempts - 1,
            blocked_until = CASE WHEN attempts - 1 < {allowed} THEN 0 ELSE blocked_until END
        WHERE email_normalized = $1 AND scope = $2 AND attempts > 0"#,
        allowed = LOGIN_FAILURES_ALLOWED
    );
    let values = [email.into(), scope.key().into()];
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), &sql, values)).await.map(drop)
}

/// Forgets the attempts of an address in one scope (after a login in it succeeded).
pub async fn clear_login_attempts(db: &impl ConnectionTrait, email: &str, scope: &LoginScope) -> Result<(), DbErr> {
    login_attempt::Entity::delete_by_id((email.to_owned(), scope.key())).exec(db).await.map(drop)
}

/// Forgets every attempt on an address, from anywhere (after its password was reset).
pub async fn clear_all_login_attempts(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::EmailNormalized.eq(email))
        .exec(db)
        .await
        .map(drop)
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
    let logins = login_attempt::Entity::delete_many()
        .filter(
            Condition::all()
                .add(login_attempt::Column::WindowStart.lt(quiet_since))
                .add(login_attempt::Column::BlockedUntil.lt(quiet_since)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok(windows + logins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_addresses_as_ipv4() {
        let network = |s: &str| client_network(s.parse().unwrap());
        assert_eq!(network("203.0.113.7"), "203.0.113.7");
        assert_eq!(network("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network("2001:db8:1:2:ffff:ffff:ffff:ffff"), network("2001:db8:1:2::9"));
        assert_ne!(network("2001:db8:1:3::1"), network("2001:db8:1:2::1"));
    }
}
