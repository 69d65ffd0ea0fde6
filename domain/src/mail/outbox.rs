//! The outbox table: queuing messages in the caller's transaction, and claiming due ones.
//! A claim is a lease (`locked_until`), taken with one conditional update, so that of several
//! workers (one per server) exactly one gets each row, and a crashed worker's rows come back.

use entity::mail_outbox::{self, Column};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait},
};

use super::{SealKey, transport::SEND_TIMEOUT_SECONDS};
use crate::{Error, Latchkey, secret::Secret};

pub use entity::MailKind;

/// A message to `recipient`, to be written in `language` (English when `None`), as a row to
/// insert in the caller's transaction (alone, or with others). `secret` (a reset link) is
/// stored only encrypted.
pub fn message(
    key: &SealKey,
    kind: MailKind,
    recipient: &str,
    secret: Option<&Secret<String>>,
    language: Option<&str>,
    now: i64,
) -> Result<mail_outbox::ActiveModel, Error> {
    let sealed_payload = secret.map(|s| key.seal(s.expose(), recipient)).transpose()?;
    Ok(mail_outbox::ActiveModel {
        kind: Set(kind),
        recipient: Set(recipient.to_owned()),
        sealed_payload: Set(sealed_payload),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        language: Set(language.map(str::to_owned)),
        ..Default::default()
    })
}

/// Messages sent per call of the worker (each claimed on its own, just before it is sent).
pub const MESSAGE_BATCH: u64 = 20;
/// Reset requests handled per claim (and per transaction): no mail leaves while they are
/// handled, so a batch is cheap, and a large one keeps up with a flood of requests.
pub const REQUEST_BATCH: u64 = 256;
/// How long a claim lasts: longer than sending its one message can take (the whole SMTP
/// timeout), so no other server takes a message this one is still sending; and short, so that
/// after a crash the message it was sending goes out from another server within a minute.
pub const LEASE_SECONDS: i64 = SEND_TIMEOUT_SECONDS as i64 + 30;

/// Rows of the given kinds that are due now (the oldest `batch`), each claimed for this worker,
/// oldest first. A row another worker claimed meanwhile fails `due` when the claim checks it
/// again, and is left out.
///
/// SQLite: one statement that writes before it reads anything, so in a transaction it takes
/// SQLite's write lock at once (a read first would have to upgrade its lock later, which SQLite
/// refuses outright). PostgreSQL: the rows are found first and then claimed by id. As one
/// statement, PostgreSQL planned the claim from statistics taken when few rows were pending
/// (or none: a new table, a server with autovacuum off) and joined every pending row with
/// every row found — after a flood, one claim of 256 took 8.6 s with 55,000 waiting, and the
/// worker handled 50 requests a second.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    kinds: &[MailKind],
    batch: u64,
    now: i64,
) -> Result<Vec<mail_outbox::Model>, DbErr> {
    let claim = if db.get_database_backend() == DbBackend::Sqlite {
        claim_in_one_statement(kinds, batch, now)
    } else {
        let ids: Vec<i64> = oldest_due(kinds, batch, now).into_tuple().all(db).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        lease(now).filter(Column::Id.is_in(ids))
    };
    let mut claimed = claim.exec_with_returning(db).await?;
    claimed.sort_by_key(|row| row.id);
    Ok(claimed)
}

/// The ids of the oldest due rows of `kinds`, found through `idx_mail_outbox_pending` (only
/// pending rows, by kind and id), so that finding them does not cost more the more are waiting.
fn oldest_due(kinds: &[MailKind], batch: u64, now: i64) -> sea_orm::Select<mail_outbox::Entity> {
    mail_outbox::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(due(now))
        .filter(Column::Kind.is_in(kinds.iter().copied()))
        .order_by_asc(Column::Id)
        .limit(batch)
}

/// SQLite's claim: a lease on the oldest due rows, found by a subquery.
fn claim_in_one_statement(kinds: &[MailKind], batch: u64, now: i64) -> sea_orm::UpdateMany<mail_outbox::Entity> {
    lease(now).filter(Column::Id.in_subquery(oldest_due(kinds, batch, now).into_query()))
}

/// A lease on the rows it is given that are still due.
fn lease(now: i64) -> sea_orm::UpdateMany<mail_outbox::Entity> {
    mail_outbox::Entity::update_many().col_expr(Column::LockedUntil, Expr::value(now + LEASE_SECONDS)).filter(due(now))
}

fn due(now: i64) -> Condition {
    Condition::all()
        .add(Column::SentAt.is_null())
        .add(Column::FailedAt.is_null())
        .add(Column::NextAttemptAt.lte(now))
        .add(Condition::any().add(Column::LockedUntil.is_null()).add(Column::LockedUntil.lte(now)))
}

/// Marks a claimed row as done (sent, or handled), erasing any secret it held.
pub async fn mark_done(db: &impl ConnectionTrait, row: mail_outbox::Model, now: i64) -> Result<(), DbErr> {
    let attempts = row.attempts + 1;
    let mut row: mail_outbox::ActiveModel = row.into();
    row.attempts = Set(attempts);
    row.locked_until = Set(None);
    row.sent_at = Set(Some(now));
    row.sealed_payload = Set(None);
    row.last_error = Set(None);
    row.update(db).await.map(drop)
}

/// Marks claimed rows handled, in one statement (reset requests: nothing to send or erase).
pub async fn mark_all_done(db: &impl ConnectionTrait, ids: Vec<i64>, now: i64) -> Result<(), DbErr> {
    mail_outbox::Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(Column::LockedUntil, Expr::value(Option::<i64>::None))
        .col_expr(Column::SentAt, Expr::value(now))
        .filter(Column::Id.is_in(ids))
        .exec(db)
        .await
        .map(drop)
}

/// The newest `limit` rows, or only those that failed for good.
pub async fn list(db: &impl ConnectionTrait, failed_only: bool, limit: u64) -> Result<Vec<mail_outbox::Model>, DbErr> {
    let mut query = mail_outbox::Entity::find().order_by_desc(Column::Id).limit(limit);
    if failed_only {
        query = query.filter(Column::FailedAt.is_not_null());
    }
    query.all(db).await
}

#[derive(Debug, PartialEq, Eq)]
pub enum Retry {
    Queued,
    NoSuchMessage,
    /// It did not fail (it is sent or still being tried).
    NotFailed,
    /// A reset email whose link was erased when it failed; the person must ask for a new one.
    LinkErased,
}

/// Puts a message that failed for good back in the queue, as if new.
pub async fn retry(db: &impl ConnectionTrait, id: i64, now: i64) -> Result<Retry, DbErr> {
    let Some(row) = mail_outbox::Entity::find_by_id(id).one(db).await? else {
        return Ok(Retry::NoSuchMessage);
    };
    if row.failed_at.is_none() {
        return Ok(Retry::NotFailed);
    }
    if matches!(row.kind, MailKind::ResetLink | MailKind::Invitation | MailKind::SignupConfirm)
        && row.sealed_payload.is_none()
    {
        return Ok(Retry::LinkErased);
    }
    let mut row: mail_outbox::ActiveModel = row.into();
    row.failed_at = Set(None);
    row.attempts = Set(0);
    row.next_attempt_at = Set(now);
    row.locked_until = Set(None);
    row.update(db).await?;
    Ok(Retry::Queued)
}

impl Latchkey {
    /// Queues a message about the account to its address in the client's language, in the
    /// caller's transaction (the worker is woken once it commits). `detail` is sealed.
    pub(crate) async fn notify(
        &self,
        db: &impl ConnectionTrait,
        account: &crate::accounts::Account,
        kind: MailKind,
        detail: Option<&Secret<String>>,
        client: &crate::audit::Client,
        now: i64,
    ) -> Result<(), Error> {
        message(&self.seal_key, kind, &account.email, detail, client.language.as_deref(), now)?.insert(db).await?;
        Ok(())
    }

    /// The newest `limit` messages, or only those that failed for good.
    pub async fn list_mail(&self, failed_only: bool, limit: u64) -> Result<Vec<mail_outbox::Model>, Error> {
        Ok(list(&self.db, failed_only, limit).await?)
    }

    /// Puts a message that failed for good back in the queue.
    pub async fn retry_mail(&self, id: i64, now: i64) -> Result<Retry, Error> {
        let retried = retry(&self.db, id, now).await?;
        if retried == Retry::Queued {
            self.mail_wakeup.notify_one();
        }
        Ok(retried)
    }

    /// How many messages are waiting (to be sent, or retried) and how many failed for good.
    pub async fn outbox_depth(&self) -> Result<(u64, u64), Error> {
        let pending = mail_outbox::Entity::find()
            .filter(Column::SentAt.is_null())
            .filter(Column::FailedAt.is_null())
            .count(&self.db)
            .await?;
        let failed = mail_outbox::Entity::find().filter(Column::FailedAt.is_not_null()).count(&self.db).await?;
        Ok((pending, failed))
    }

    /// Resolves when this process queued mail (other processes' mail is found by polling).
    pub async fn mail_queued(&self) {
        self.mail_wakeup.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, Statement, TransactionTrait};

    use super::*;

    /// The plan SQLite makes for a claim, on the migrated schema.
    async fn plan(kinds: &[MailKind]) -> String {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let claim = claim_in_one_statement(kinds, REQUEST_BATCH, 100).build(DbBackend::Sqlite);
        let explain = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("EXPLAIN QUERY PLAN {}", claim.sql),
            claim.values.map(|values| values.0).unwrap_or_default(),
        );
        let rows = db.query_all_raw(explain).await.unwrap();
        rows.iter().map(|row| row.try_get_by_index::<String>(3).unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// A flood of reset requests once made every claim sort the whole backlog: the worker fell
    /// further behind the longer the flood lasted. The claim reads only pending rows, and for
    /// one kind in id order, stopping after its batch.
    #[tokio::test]
    async fn a_claim_reads_only_pending_rows_and_no_more_than_its_batch() {
        let requests = plan(&[MailKind::FulfilResetRequest]).await;
        assert!(requests.contains("idx_mail_outbox_pending"), "{requests}");
        assert!(!requests.contains("TEMP B-TREE"), "{requests}");
        let messages = plan(&[MailKind::ResetLink, MailKind::Invitation, MailKind::PasswordChanged]).await;
        assert!(messages.contains("idx_mail_outbox_pending"), "{messages}");
    }

    /// PostgreSQL (when the tests have one): a claim after a flood, on a table the planner has
    /// no statistics for, reads each waiting row about once. As one statement it joined every
    /// waiting row with every row it found: 256 reads per waiting row.
    #[tokio::test]
    async fn a_claim_on_postgresql_reads_a_backlog_about_once() {
        const WAITING: i64 = 3_000;
        let Some(_) = latchkey_test_support::postgres_admin_url() else { return };
        let pg = latchkey_test_support::PgDatabase::create("claim");
        let db = crate::db::connect(&pg.url).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let key = SealKey::derive(&[7; 32]);
        let request =
            |n| message(&key, MailKind::FulfilResetRequest, &format!("person{n}@example.com"), None, None, 100);
        let waiting: Vec<_> = (0..WAITING).map(|n| request(n).unwrap()).collect();
        mail_outbox::Entity::insert_many(waiting).exec(&db).await.unwrap();
        let txn = db.begin().await.unwrap();
        let claimed = claim_due(&txn, &[MailKind::FulfilResetRequest], REQUEST_BATCH, 100).await.unwrap();
        assert_eq!(claimed.len() as u64, REQUEST_BATCH);
        assert!(claimed.windows(2).all(|pair| pair[0].id < pair[1].id), "oldest first");
        // Rows this transaction has read from the table, through its indexes or not.
        let read = Statement::from_string(
            DbBackend::Postgres,
            "SELECT (coalesce(idx_tup_fetch, 0) + seq_tup_read)::bigint FROM pg_stat_xact_user_tables \
             WHERE relname = 'mail_outbox'",
        );
        let read: i64 = txn.query_one_raw(read).await.unwrap().unwrap().try_get_by_index(0).unwrap();
        assert!(read <= 3 * WAITING, "{read} rows read to claim {REQUEST_BATCH} of {WAITING}");
    }
}
