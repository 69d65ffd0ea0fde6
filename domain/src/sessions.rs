//! Server-side sessions. The browser holds a random token in a cookie; the database holds its
//! hash, so a copy of the database cannot be used to sign in.

use entity::{account, session};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use crate::{
    Error, Latchkey,
    accounts::{Account, Role},
    audit::{self, AuditKind, Client},
    client_info::{Device, clip_user_agent, network_of},
    config::RequireSecondFactor,
    second_factor::{FactorError, has_second_factor},
    secret::Secret,
    token,
};

/// How long sessions last, from the configuration.
pub use crate::config::Sessions as Timeouts;

impl Latchkey {
    pub fn session_timeouts(&self) -> Timeouts {
        self.config.sessions
    }

    /// The signed-in, enabled account behind a cookie token, if the session is alive and may be
    /// used for more than setting up a second factor.
    pub async fn resume_session(&self, token: &str, now: i64) -> Result<Option<Account>, Error> {
        let session = self.live_session(token, now).await?;
        Ok(session.filter(|resumed| !resumed.second_factor_missing).map(|resumed| resumed.account))
    }

    /// The session behind a cookie token, if it is alive: its account, how it signed in, and
    /// whether it is held to `/account/security` until a second factor is set up.
    pub async fn live_session(&self, token: &str, now: i64) -> Result<Option<Resumed>, Error> {
        let Some((session, account)) = find_live(&self.db, token, self.session_timeouts(), now).await? else {
            return Ok(None);
        };
        // Writing on every request would be wasteful; a minute's precision is plenty for an
        // idle timeout measured in tens of minutes.
        if now - session.last_seen_at >= TOUCH_EVERY {
            // Every request of the session in that second finds it stale: they take turns here
            // (see `GroupCommit::exclusive`), not in SQLite's busy handler, which sleeps, and
            // only the first one writes.
            let _turn = self.writes.exclusive().await;
            touch(&self.db, token, now).await?;
        }
        // Two factors signed this session in, so the account has one (a reset of the factors
        // ends its sessions); else it is looked up, only for a person in scope.
        let second_factor_missing = self.second_factor_required(&account)
            && !is_multi_factor(&session.amr)
            && !has_second_factor(&self.db, account.id).await?;
        Ok(Some(Resumed { account, amr: session.amr, verified_at: session.verified_at, second_factor_missing }))
    }

    /// Whether `LATCHKEY_REQUIRE_SECOND_FACTOR` asks `account` for a second factor.
    pub fn second_factor_required(&self, account: &Account) -> bool {
        match self.config.sessions.require_second_factor {
            RequireSecondFactor::Nobody => false,
            RequireSecondFactor::Owners => account.role == Role::Owner,
            RequireSecondFactor::Everyone => true,
        }
    }

    /// Ends every session of the account signed in with `token` (every browser, this one
    /// too), and records it. Returns how many ended; 0 when the token is no live session.
    pub async fn sign_out_everywhere(&self, token: &str, client: &Client, now: i64) -> Result<u64, Error> {
        let Some((_, account)) = find_live(&self.db, token, self.session_timeouts(), now).await? else {
            return Ok(0);
        };
        let ended = end_all(&self.db, account.id).await?;
        audit::record(&self.db, AuditKind::SignedOutEverywhere, Some(account.id), Some(&account.email), client, now)
            .await?;
        Ok(ended)
    }

    /// Ends another session of the account signed in with `token`: the one `handle` names (see
    /// [`ActiveSession::handle`]), at once for every server sharing the database, and records
    /// who ended it. A handle of no session of this account (ended already, or someone else's)
    /// ends nothing; this browser's own session is ended by logging out, not here.
    pub async fn end_session(&self, token: &str, handle: &str, client: &Client, now: i64) -> Result<(), FactorError> {
        let Resumed { account, .. } = self.live_session(token, now).await?.ok_or(FactorError::NotSignedIn)?;
        let well_formed =
            handle.len() == HANDLE_CHARS && handle.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !well_formed {
            return Ok(());
        }
        let ended = session::Entity::delete_many()
            .filter(session::Column::AccountId.eq(account.id))
            .filter(session::Column::TokenHash.starts_with(handle))
            .filter(session::Column::TokenHash.ne(token::hash_token(token)))
            .exec(&self.db)
            .await?;
        if ended.rows_affected > 0 {
            let by = client.clone().acting_as(&account);
            audit::record(&self.db, AuditKind::SessionEnded, Some(account.id), Some(&account.email), &by, now).await?;
        }
        Ok(())
    }

    /// How many sessions could be resumed now (for the metrics).
    pub async fn active_sessions(&self, now: i64) -> Result<u64, Error> {
        Ok(session::Entity::find().filter(alive(self.session_timeouts(), now)).count(&self.db).await?)
    }

    /// Ends the session behind a cookie token (log out) and records it. Ending an unknown or
    /// expired session is fine.
    pub async fn logout(&self, token: &str, client: &Client, now: i64) -> Result<(), Error> {
        let account = find_live(&self.db, token, self.session_timeouts(), now).await?.map(|(_, account)| account);
        end(&self.db, token).await?;
        if let Some(account) = account {
            audit::record(&self.db, AuditKind::SessionEnded, Some(account.id), Some(&account.email), client, now)
                .await?;
        }
        Ok(())
    }
}

/// How a session was signed in, as RFC 8176 authentication method references.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amr {
    /// A password alone.
    Password,
    /// A password and a one-time code (an authenticator app's, or a recovery code).
    PasswordAndCode,
    /// A passkey with user verification (its PIN or biometric): something held and something
    /// known or been, so multi-factor on its own (NIST SP 800-63B's multi-factor cryptographic
    /// authenticator).
    Passkey,
    /// A password, then a passkey as the second step.
    PasswordAndPasskey,
}

impl Amr {
    const ALL: [Amr; 4] = [Amr::Password, Amr::PasswordAndCode, Amr::Passkey, Amr::PasswordAndPasskey];

    /// The methods a session stored as `stored`; a password alone for anything else.
    pub fn of_stored(stored: &str) -> Amr {
        Amr::ALL.into_iter().find(|amr| amr.as_str() == stored).unwrap_or(Amr::Password)
    }

    /// As stored and as forward auth's `X-Latchkey-AMR` sends it.
    pub fn as_str(self) -> &'static str {
        match self {
            Amr::Password => "pwd",
            Amr::PasswordAndCode => "pwd,otp,mfa",
            Amr::Passkey => "hwk,mfa",
            Amr::PasswordAndPasskey => "pwd,hwk,mfa",
        }
    }
}

/// Whether a session's methods (`X-Latchkey-AMR`) include two factors.
pub fn is_multi_factor(amr: &str) -> bool {
    amr.split(',').any(|method| method == "mfa")
}

/// Starts a session for `account_id`, signed in by `amr` just now from `client`, and returns
/// the token for the cookie.
pub async fn start(
    db: &impl ConnectionTrait,
    account_id: i64,
    amr: Amr,
    client: &Client,
    timeouts: Timeouts,
    now: i64,
) -> Result<Secret<String>, Error> {
    let (token, token_hash) = token::new_token()?;
    session::ActiveModel {
        token_hash: Set(token_hash),
        account_id: Set(account_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + timeouts.absolute_timeout),
        amr: Set(amr.as_str().to_owned()),
        verified_at: Set(now),
        user_agent: Set(client.user_agent.as_deref().map(clip_user_agent)),
        network: Set(client.ip.as_deref().and_then(network_of)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Characters of a session's hash that name it in [`ActiveSession::handle`]: 64 bits, so two
/// sessions of one account never share one.
const HANDLE_CHARS: usize = 16;

/// One live session of an account, as the list on `/account/security` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveSession {
    /// Names the session in the form that ends it: the start of its token's hash, which, like
    /// the whole hash, signs nobody in.
    pub handle: String,
    /// The session of the browser asking.
    pub current: bool,
    pub device: Device,
    /// `203.0.113.0/24`; `None` when the address was not known.
    pub network: Option<String>,
    pub signed_in_at: i64,
    /// Updated at most once a minute.
    pub last_seen_at: i64,
}

/// The live sessions of `account_id`, the one behind `token` first, then the most recently
/// seen.
pub(crate) async fn list(
    db: &impl ConnectionTrait,
    account_id: i64,
    token: &str,
    timeouts: Timeouts,
    now: i64,
) -> Result<Vec<ActiveSession>, DbErr> {
    let current = token::hash_token(token);
    let rows = session::Entity::find()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(alive(timeouts, now))
        .all(db)
        .await?;
    let mut sessions: Vec<ActiveSession> = rows
        .into_iter()
        .map(|row| ActiveSession {
            handle: row.token_hash.chars().take(HANDLE_CHARS).collect(),
            current: row.token_hash == current,
            device: Device::from_user_agent(row.user_agent.as_deref()),
            network: row.network,
            signed_in_at: row.created_at,
            last_seen_at: row.last_seen_at,
        })
        .collect();
    sessions.sort_by_key(|s| (!s.current, std::cmp::Reverse(s.last_seen_at), std::cmp::Reverse(s.signed_in_at)));
    Ok(sessions)
}

/// Sessions that can still be resumed at `now`.
fn alive(timeouts: Timeouts, now: i64) -> Condition {
    Condition::all()
        .add(session::Column::ExpiresAt.gt(now))
        .add(session::Column::LastSeenAt.gt(now - timeouts.idle_timeout))
}

/// A live session: its account, how it signed in, and when a password or code was last typed
/// in it.
pub struct Resumed {
    pub account: Account,
    /// RFC 8176 methods, comma-separated (see [`Amr`]).
    pub amr: String,
    pub verified_at: i64,
    /// `LATCHKEY_REQUIRE_SECOND_FACTOR` asks this person for a second factor and there is
    /// none yet: the session may be used for `/account/security` and nothing else.
    pub second_factor_missing: bool,
}

/// The session behind a cookie token and its enabled account, if the session is still alive.
/// Expired sessions found here are deleted.
async fn find_live(
    db: &impl ConnectionTrait,
    token: &str,
    timeouts: Timeouts,
    now: i64,
) -> Result<Option<(session::Model, Account)>, DbErr> {
    // The session and its account in one query: every forward-auth sub-request comes here.
    let found =
        session::Entity::find_by_id(token::hash_token(token)).find_also_related(account::Entity).one(db).await?;
    let Some((found, account)) = found else {
        return Ok(None);
    };
    if now >= found.expires_at || now >= found.last_seen_at + timeouts.idle_timeout {
        session::Entity::delete_by_id(found.token_hash).exec(db).await?;
        return Ok(None);
    }
    Ok(account.filter(|a| !a.disabled).map(|account| (found, account)))
}

const TOUCH_EVERY: i64 = 60;

/// Marks the session as used now, unless a request of the same session just did.
pub async fn touch(db: &impl ConnectionTrait, token: &str, now: i64) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, sea_orm::sea_query::Expr::value(now))
        .filter(session::Column::TokenHash.eq(token::hash_token(token)))
        .filter(session::Column::LastSeenAt.lte(now - TOUCH_EVERY))
        .exec(db)
        .await?;
    Ok(())
}

/// Notes that the password was typed again in the session behind `token`.
pub async fn mark_verified(db: &impl ConnectionTrait, token: &str, now: i64) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::VerifiedAt, sea_orm::sea_query::Expr::value(now))
        .filter(session::Column::TokenHash.eq(token::hash_token(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the session behind `token` (log out). Ending an unknown session is not an error.
pub async fn end(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token::hash_token(token)).exec(db).await?;
    Ok(())
}

/// Ends every session of an account (after a password change, or when it is disabled).
pub async fn end_all(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    crate::oidc::end_all(db, account_id).await?;
    let result = session::Entity::delete_many().filter(session::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(result.rows_affected)
}

/// Removes sessions that can no longer be resumed.
pub async fn purge_expired(db: &impl ConnectionTrait, timeouts: Timeouts, now: i64) -> Result<u64, DbErr> {
    let result = session::Entity::delete_many().filter(alive(timeouts, now).not()).exec(db).await?;
    Ok(result.rows_affected)
}
