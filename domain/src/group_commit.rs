//! Group commit: the small writes a request must have on disk before it is answered (a hit on
//! the per-IP limit, a reset request, a passkey ceremony begun, an application's tokens), made
//! many at a time.
//!
//! Each caller queues its write and then either receives its answer or takes the commit turn.
//! Whoever takes the turn writes everything queued so far in one transaction — one sync to
//! disk for the lot — and answers every caller in it. While one batch commits the next one
//! gathers, so under load each commit carries the requests that arrived during the last.
//! Every answer still comes after its own write is committed: durable, just not alone.
//!
//! The commit runs in its own task holding the turn, so a caller that goes away (its client
//! hung up) neither abandons the others in its batch nor lets a second batch start beside it.

use std::collections::BTreeMap;
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use entity::{audit_event, mail_outbox, oauth_code, oauth_grant, oauth_token, passkey_ceremony};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, TransactionTrait, sea_query::Expr,
};
use tokio::sync::oneshot;

use crate::{
    Error,
    audit::{self, AuditKind, Client},
    mail::{MailKind, SealKey, outbox},
    throttle::{self, Limited},
};

/// A write that waits for its batch.
enum Write {
    /// A hit on a fixed-window counter (see [`throttle::hits`]).
    Hit { key: String, limit: u32, window: i64, now: i64 },
    /// A reset request: its audit row, and the outbox row the mail worker turns into an email
    /// (or into nothing) later, so that the answer is the same for every address.
    ResetRequest { email: String, client: Client, now: i64 },
    /// A passkey ceremony waiting for the browser's answer.
    Ceremony(passkey_ceremony::Model),
    /// An application's new tokens, if their claim holds.
    Tokens(TokenWrite),
}

/// What a write found.
enum Written {
    Hit(Result<(), Limited>),
    Recorded,
    /// Whether a [`TokenWrite`]'s claim held (and its tokens were stored).
    Claimed(bool),
}

/// The tokens an exchange at the token endpoint hands out, stored only if what it exchanges is
/// still unused when its turn in the batch comes: of two exchanges of one code (or refresh
/// token) at once, one claims it.
pub(crate) struct TokenWrite {
    pub claim: Claim,
    /// The new access (and refresh) tokens; their grant is the claim's.
    pub tokens: Vec<oauth_token::ActiveModel>,
}

pub(crate) enum Claim {
    /// A code, exchanged once: `grant` is made and the code marked as having made it.
    Code { code_hash: String, grant: oauth_grant::ActiveModel },
    /// A refresh token, used once: it is marked used and its grant's chain extended.
    Refresh { token_hash: String, grant_id: i64, expires_at: i64 },
}

type Answer = oneshot::Sender<Result<Written, Error>>;

pub(crate) struct GroupCommit {
    db: DatabaseConnection,
    seal_key: SealKey,
    queue: Mutex<Vec<(Write, Answer)>>,
    turn: Arc<tokio::sync::Mutex<()>>,
    /// Transactions committed so far (fewer than writes, under load).
    commits: Arc<AtomicU64>,
}

/// The most writes one transaction carries; the rest wait for the next.
const MAX_BATCH: usize = 512;

impl GroupCommit {
    pub(crate) fn new(db: DatabaseConnection, seal_key: SealKey) -> Self {
        GroupCommit {
            db,
            seal_key,
            queue: Mutex::new(Vec::new()),
            turn: Arc::new(tokio::sync::Mutex::new(())),
            commits: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Counts a hit on `key` in the current `window`-second window; refused past `limit`.
    pub(crate) async fn hit(
        &self,
        key: String,
        limit: u32,
        window: i64,
        now: i64,
    ) -> Result<Result<(), Limited>, Error> {
        match self.write(Write::Hit { key, limit, window, now }).await? {
            Written::Hit(result) => Ok(result),
            _ => Err(mismatched()),
        }
    }

    /// Records a reset request for the mail worker.
    pub(crate) async fn request_reset(&self, email: &str, client: &Client, now: i64) -> Result<(), Error> {
        let write = Write::ResetRequest { email: email.to_owned(), client: client.clone(), now };
        match self.write(write).await? {
            Written::Recorded => Ok(()),
            _ => Err(mismatched()),
        }
    }

    /// Keeps a passkey ceremony's state until its answer comes.
    pub(crate) async fn keep_ceremony(&self, ceremony: passkey_ceremony::Model) -> Result<(), Error> {
        match self.write(Write::Ceremony(ceremony)).await? {
            Written::Recorded => Ok(()),
            _ => Err(mismatched()),
        }
    }

    /// Stores an exchange's tokens if its claim holds; whether it did.
    pub(crate) async fn store_tokens(&self, write: TokenWrite) -> Result<bool, Error> {
        match self.write(Write::Tokens(write)).await? {
            Written::Claimed(claimed) => Ok(claimed),
            _ => Err(mismatched()),
        }
    }

    /// The turn to write, held while a larger write runs (the mail worker's batches, a
    /// sign-in's transaction), so that on SQLite it and the batches take turns here rather than
    /// in SQLite's busy handler, which sleeps. PostgreSQL has no single writer: its row locks
    /// order the writers, and nobody waits here (with the turn, second steps there ran at half
    /// the rate).
    pub(crate) async fn exclusive(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.db.get_database_backend() {
            DbBackend::Sqlite => Some(Arc::clone(&self.turn).lock_owned().await),
            _ => None,
        }
    }

    /// Makes `write` durable (with whatever else is queued) and returns what it found.
    async fn write(&self, write: Write) -> Result<Written, Error> {
        let (answer, mut answered) = oneshot::channel();
        self.queue().push((write, answer));
        loop {
            let turn = tokio::select! {
                biased;
                result = &mut answered => return result.unwrap_or_else(|_| Err(abandoned())),
                turn = Arc::clone(&self.turn).lock_owned() => turn,
            };
            // The previous batch may have carried this write after all.
            if let Ok(result) = answered.try_recv() {
                return result;
            }
            let batch = {
                let mut queue = self.queue();
                let n = queue.len().min(MAX_BATCH);
                queue.drain(..n).collect::<Vec<_>>()
            };
            let (db, seal_key, commits) = (self.db.clone(), self.seal_key.clone(), Arc::clone(&self.commits));
            tokio::spawn(async move {
                commit(&db, &seal_key, batch).await;
                commits.fetch_add(1, Ordering::Relaxed);
                drop(turn);
            });
        }
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Vec<(Write, Answer)>> {
        // A panic while holding this lock cannot leave the queue half-changed (push, drain).
        self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Writes the batch in one transaction; if that fails, each write alone, so that one bad write
/// (or a moment of contention) gives its own caller its own answer and the others still succeed.
async fn commit(db: &DatabaseConnection, seal_key: &SealKey, batch: Vec<(Write, Answer)>) {
    let (writes, answers): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
    match in_one_transaction(db, seal_key, &writes).await {
        Ok(found) => {
            for (answer, found) in answers.into_iter().zip(found) {
                let _ = answer.send(Ok(found));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, writes = writes.len(), "a batched write failed; writing each alone");
            for (write, answer) in writes.iter().zip(answers) {
                let _ = answer.send(alone(db, seal_key, write).await);
            }
        }
    }
}

async fn alone(db: &DatabaseConnection, seal_key: &SealKey, write: &Write) -> Result<Written, Error> {
    let mut found = in_one_transaction(db, seal_key, std::slice::from_ref(write)).await?;
    found.pop().ok_or_else(abandoned)
}

/// A hit's place in its batch, its limit and its clock.
type Caller = (usize, u32, i64);

/// The batch's writes in one transaction, in as few statements as they allow: one counter
/// update per key however many hits it gets (each hit still counted in its turn), one insert
/// for all the audit rows and one for all the outbox rows.
async fn in_one_transaction(
    db: &DatabaseConnection,
    seal_key: &SealKey,
    writes: &[Write],
) -> Result<Vec<Written>, Error> {
    let txn = db.begin().await?;
    let mut found: Vec<Written> = writes.iter().map(|_| Written::Recorded).collect();
    let mut hits: BTreeMap<(&str, i64, i64), Vec<Caller>> = BTreeMap::new();
    let (mut events, mut messages, mut ceremonies) = (Vec::new(), Vec::new(), Vec::new());
    for (i, write) in writes.iter().enumerate() {
        match write {
            Write::Hit { key, limit, window, now } => {
                let window_start = now - now.rem_euclid(*window);
                hits.entry((key.as_str(), *window, window_start)).or_default().push((i, *limit, *now));
            }
            Write::ResetRequest { email, client, now } => {
                events.push(audit::event(AuditKind::ResetRequested, None, Some(email), client, *now));
                messages.push(outbox::message(
                    seal_key,
                    MailKind::FulfilResetRequest,
                    email.trim(),
                    None,
                    client.language.as_deref(),
                    *now,
                )?);
            }
            Write::Ceremony(ceremony) => ceremonies.push(passkey_ceremony::ActiveModel::from(ceremony.clone())),
            // In their turn, one by one: each claim decides its own tokens.
            Write::Tokens(write) => found[i] = Written::Claimed(claim_and_store(&txn, write).await?),
        }
    }
    for ((key, window, window_start), callers) in hits {
        let count = i32::try_from(callers.len()).unwrap_or(i32::MAX);
        let total = throttle::hits(&txn, key, count, window, window_start).await?;
        for (turn, (i, limit, now)) in (1..).zip(callers) {
            found[i] = Written::Hit(throttle::verdict(total - i64::from(count) + turn, limit, window, now));
        }
    }
    if !events.is_empty() {
        audit_event::Entity::insert_many(events).exec(&txn).await?;
        mail_outbox::Entity::insert_many(messages).exec(&txn).await?;
    }
    if !ceremonies.is_empty() {
        passkey_ceremony::Entity::insert_many(ceremonies).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    metrics::histogram!("latchkey_group_commit_writes").record(writes.len() as f64);
    Ok(found)
}

/// A [`TokenWrite`] in the batch's transaction: the claim, then (if it held) the tokens.
async fn claim_and_store(txn: &impl ConnectionTrait, write: &TokenWrite) -> Result<bool, Error> {
    let grant_id = match &write.claim {
        Claim::Code { code_hash, grant } => {
            let grant = grant.clone().insert(txn).await?;
            let claimed = oauth_code::Entity::update_many()
                .col_expr(oauth_code::Column::GrantId, Expr::value(grant.id))
                .filter(oauth_code::Column::CodeHash.eq(code_hash))
                .filter(oauth_code::Column::GrantId.is_null())
                .exec(txn)
                .await?;
            if claimed.rows_affected != 1 {
                oauth_grant::Entity::delete_by_id(grant.id).exec(txn).await?;
                return Ok(false);
            }
            grant.id
        }
        Claim::Refresh { token_hash, grant_id, expires_at } => {
            let claimed = oauth_token::Entity::update_many()
                .col_expr(oauth_token::Column::Used, Expr::value(true))
                .filter(oauth_token::Column::TokenHash.eq(token_hash))
                .filter(oauth_token::Column::Used.eq(false))
                .exec(txn)
                .await?;
            if claimed.rows_affected != 1 {
                return Ok(false);
            }
            oauth_grant::Entity::update_many()
                .col_expr(oauth_grant::Column::ExpiresAt, Expr::value(*expires_at))
                .filter(oauth_grant::Column::Id.eq(*grant_id))
                .exec(txn)
                .await?;
            *grant_id
        }
    };
    let tokens = write.tokens.iter().cloned().map(|mut token| {
        token.grant_id = Set(grant_id);
        token
    });
    oauth_token::Entity::insert_many(tokens).exec_without_returning(txn).await?;
    Ok(true)
}

fn mismatched() -> Error {
    Error::System("a batched write was answered for another kind of write".into())
}

fn abandoned() -> Error {
    Error::System("a batched write was neither committed nor refused".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use sea_orm::{EntityTrait, PaginatorTrait};

    use super::*;

    async fn group_commit() -> (Arc<GroupCommit>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::connect(&format!("sqlite://{}/t.db?mode=rwc", dir.path().display())).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        (Arc::new(GroupCommit::new(db, SealKey::derive(&[7; 32]))), dir)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_callers_share_few_commits_and_each_gets_its_own_answer() {
        let (writes, _dir) = group_commit().await;
        let callers: Vec<_> = (0..100)
            .map(|_| {
                let writes = Arc::clone(&writes);
                tokio::spawn(async move { writes.hit("ip:192.0.2.1".into(), 60, 60, 6_000).await.unwrap() })
            })
            .collect();
        let mut allowed = 0;
        for caller in callers {
            allowed += usize::from(caller.await.unwrap().is_ok());
        }
        // Every hit counted exactly once, whichever batch carried it.
        assert_eq!(allowed, 60);
        let commits = writes.commits.load(Ordering::Relaxed);
        assert!(commits < 100, "{commits} commits for 100 writes");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_that_go_away_leave_the_rest_of_their_batch_answered() {
        let (writes, _dir) = group_commit().await;
        let callers: Vec<_> = (0..40)
            .map(|i| {
                let writes = Arc::clone(&writes);
                let email = format!("person{i}@example.com");
                tokio::spawn(async move { writes.request_reset(&email, &Client::default(), 100).await })
            })
            .collect();
        let mut answered = 0;
        for (i, caller) in callers.into_iter().enumerate() {
            if i % 2 == 0 {
                caller.abort();
            } else {
                caller.await.unwrap().unwrap();
                answered += 1;
            }
        }
        assert_eq!(answered, 20);
        // Whatever was queued before a caller went away is still written, and nothing twice.
        let queued = entity::mail_outbox::Entity::find().count(&writes.db).await.unwrap();
        assert!((20..=40).contains(&queued), "{queued} requests queued");
    }
}
