//! The ceremonies under way: a challenge sent to a browser and the state its answer is checked
//! against, one row each. Kept with other requests' small writes (group commit); taken by one
//! delete in the transaction that acts on the answer, so an answer counts once, on any server.

use entity::passkey_ceremony;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::CEREMONY_SECONDS;
use crate::{Error, Latchkey, second_factor::webauthn::Ceremony};

impl Latchkey {
    /// Keeps a ceremony's state until its answer comes; returns the options for the browser.
    pub(super) async fn keep(&self, ceremony: Ceremony, account_id: Option<i64>, now: i64) -> Result<String, Error> {
        let Ceremony { challenge, state, options } = ceremony;
        let row = passkey_ceremony::Model { challenge, account_id, state, expires_at: now + CEREMONY_SECONDS };
        self.writes.keep_ceremony(row).await?;
        Ok(options)
    }
}

/// The ceremony that `challenge` answers, if it is still open (one expired is discarded).
pub(super) async fn open(
    db: &impl ConnectionTrait,
    challenge: &str,
    now: i64,
) -> Result<Option<passkey_ceremony::Model>, DbErr> {
    let Some(ceremony) = passkey_ceremony::Entity::find_by_id(challenge).one(db).await? else {
        return Ok(None);
    };
    if now >= ceremony.expires_at {
        discard(db, challenge).await?;
        return Ok(None);
    }
    Ok(Some(ceremony))
}

/// Takes the ceremony, in the transaction that acts on its answer: of two answers to one
/// challenge (on two servers) only one finds it to take.
pub(super) async fn taken(txn: &impl ConnectionTrait, challenge: &str) -> Result<bool, DbErr> {
    Ok(passkey_ceremony::Entity::delete_by_id(challenge).exec(txn).await?.rows_affected == 1)
}

/// Ends a ceremony whose answer was refused: it has had its one answer.
pub(super) async fn discard(db: &impl ConnectionTrait, challenge: &str) -> Result<(), DbErr> {
    passkey_ceremony::Entity::delete_by_id(challenge).exec(db).await?;
    Ok(())
}

/// Removes ceremonies nobody answered in time.
pub async fn purge_expired(db: &impl ConnectionTrait, now: i64) -> Result<u64, DbErr> {
    let result =
        passkey_ceremony::Entity::delete_many().filter(passkey_ceremony::Column::ExpiresAt.lte(now)).exec(db).await?;
    Ok(result.rows_affected)
}
