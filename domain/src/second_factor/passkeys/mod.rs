//! Passkeys: added (and removed) by a person who signed in recently, listed with their names and
//! when they were last used; a sign-in with one is complete on its own (user verification is
//! required), or finishes the second step of a login whose password was right. Each ceremony
//! is a row taken once, so a challenge answers one sign-in, on whichever server it arrives.

mod ceremony;
mod sign_in;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ceremony::{discard, open, taken};
use entity::passkey;
use latchkey_policy::PASSKEY_NAME_MAX_CHARS;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

pub use ceremony::purge_expired;

use super::{
    FactorError,
    webauthn::{self, RelyingParty},
};
use crate::{
    Error, Latchkey,
    audit::{self, AuditKind, Client},
    config::Config,
    mail::MailKind,
    webhooks::WebhookEvent,
};

/// How long a browser has to answer a ceremony (the options ask for five minutes).
pub const CEREMONY_SECONDS: i64 = 300;

/// A passkey as its owner sees it in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passkey {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum PasskeySignInError {
    /// The answer did not check out: unknown passkey, an answer to no challenge of ours (or
    /// one used already, or expired), a wrong signature or origin, a disabled account.
    #[error("that passkey was not accepted")]
    Refused,
    /// `LATCHKEY_BASE_URL` names no domain, and WebAuthn has none to bind passkeys to.
    #[error("passkeys need LATCHKEY_BASE_URL with a domain name")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<DbErr> for PasskeySignInError {
    fn from(err: DbErr) -> Self {
        PasskeySignInError::Internal(err.into())
    }
}

/// Whether passkeys can work here: `LATCHKEY_BASE_URL` names a domain, which WebAuthn binds
/// them to (an IP address it cannot).
pub fn available(config: &Config) -> bool {
    RelyingParty::of(&config.http.base_url).is_some()
}

impl Latchkey {
    fn relying_party(&self) -> Option<RelyingParty> {
        RelyingParty::of(&self.config.http.base_url)
    }

    /// The options for the browser to make a passkey named `name` for the account signed in with
    /// `token` (`PublicKeyCredentialCreationOptionsJSON`).
    pub async fn begin_adding_passkey(&self, token: &str, name: &str, now: i64) -> Result<String, FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        passkey_name(name)?;
        let rp = self.relying_party().ok_or(FactorError::PasskeysUnavailable)?;
        let existing = of_account(&self.db, account.id).await?;
        let user = existing
            .first()
            .and_then(|passkey| webauthn::user_handle(&passkey.user_handle))
            .unwrap_or_else(webauthn::new_user_handle);
        let ids = existing.iter().filter_map(|passkey| URL_SAFE_NO_PAD.decode(&passkey.credential_id).ok()).collect();
        let ceremony =
            rp.begin_registration(&user, &account.email, account.name.as_deref().unwrap_or_default(), ids)?;
        Ok(self.keep(ceremony, Some(account.id), now).await?)
    }

    /// Adds the passkey the browser made (`answer`, its `PublicKeyCredential` as JSON) under
    /// `name`; emails the person.
    pub async fn add_passkey(
        &self,
        token: &str,
        name: &str,
        answer: &str,
        client: &Client,
        now: i64,
    ) -> Result<Passkey, FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        let name = passkey_name(name)?;
        let rp = self.relying_party().ok_or(FactorError::PasskeysUnavailable)?;
        let refused = |err: webauthn::Refused| {
            tracing::info!(account = account.id, reason = %err, "passkey registration refused");
            FactorError::PasskeyRefused
        };
        let (registration, challenge) = RelyingParty::registration_challenge(answer).map_err(refused)?;
        let ceremony = open(&self.db, &challenge, now).await?.filter(|c| c.account_id == Some(account.id));
        let ceremony = ceremony.ok_or(FactorError::PasskeyRefused)?;
        let new = match rp.finish_registration(&ceremony.state, &registration) {
            Ok(new) => new,
            Err(err) => {
                discard(&self.db, &challenge).await?;
                return Err(refused(err));
            }
        };
        let credential_id = URL_SAFE_NO_PAD.encode(&new.id);
        let txn = self.db.begin().await?;
        let known =
            passkey::Entity::find().filter(passkey::Column::CredentialId.eq(&credential_id)).count(&txn).await?;
        if !taken(&txn, &challenge).await? || known > 0 {
            return Err(FactorError::PasskeyRefused);
        }
        let row = passkey::ActiveModel {
            account_id: Set(account.id),
            credential_id: Set(credential_id),
            user_handle: Set(new.user_handle),
            name: Set(name),
            static_state: Set(new.static_state),
            dynamic_state: Set(new.dynamic_state),
            created_at: Set(now),
            last_used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        self.notify(&txn, &account, MailKind::PasskeyAdded, None, client, now).await?;
        audit::record(&txn, AuditKind::PasskeyAdded, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::SecondFactorAdded, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(listed(row))
    }

    /// Removes passkey `id` of the account signed in with `token`; emails the person.
    pub async fn remove_passkey(&self, token: &str, id: i64, client: &Client, now: i64) -> Result<(), FactorError> {
        let account = self.recently_signed_in(token, now).await?;
        let txn = self.db.begin().await?;
        let removed = passkey::Entity::delete_many()
            .filter(passkey::Column::Id.eq(id))
            .filter(passkey::Column::AccountId.eq(account.id))
            .exec(&txn)
            .await?;
        if removed.rows_affected != 1 {
            return Err(FactorError::NoSuchPasskey);
        }
        self.notify(&txn, &account, MailKind::PasskeyRemoved, None, client, now).await?;
        audit::record(&txn, AuditKind::PasskeyRemoved, Some(account.id), Some(&account.email), client, now).await?;
        self.announce(&txn, WebhookEvent::SecondFactorRemoved, &account, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        Ok(())
    }
}

/// The account's passkeys, oldest first.
pub(crate) async fn list(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<Passkey>, DbErr> {
    Ok(of_account(db, account_id).await?.into_iter().map(listed).collect())
}

pub(crate) async fn has_passkey(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(passkey::Entity::find().filter(passkey::Column::AccountId.eq(account_id)).count(db).await? > 0)
}

/// Removes every passkey of the account; returns how many there were.
pub(crate) async fn remove_all(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    Ok(passkey::Entity::delete_many().filter(passkey::Column::AccountId.eq(account_id)).exec(db).await?.rows_affected)
}

async fn of_account(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<passkey::Model>, DbErr> {
    passkey::Entity::find()
        .filter(passkey::Column::AccountId.eq(account_id))
        .order_by_asc(passkey::Column::Id)
        .all(db)
        .await
}

fn listed(row: passkey::Model) -> Passkey {
    Passkey { id: row.id, name: row.name, created_at: row.created_at, last_used_at: row.last_used_at }
}

/// The name as kept: trimmed, one to [`PASSKEY_NAME_MAX_CHARS`] characters.
fn passkey_name(name: &str) -> Result<String, FactorError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > PASSKEY_NAME_MAX_CHARS {
        return Err(FactorError::PasskeyName);
    }
    Ok(name.to_owned())
}
