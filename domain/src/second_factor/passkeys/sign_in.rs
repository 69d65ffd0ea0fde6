//! Signing in with a passkey: complete on its own (user verification is required), or the end
//! of a password login's second step when the browser holds one for the same account.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::{passkey, passkey_ceremony, pending_login};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::{
    PasskeySignInError,
    ceremony::{discard, open, taken},
};
use crate::{
    Latchkey,
    accounts::{Account, find_by_id},
    audit::{self, AuditKind, Client},
    login::SignedIn,
    second_factor::{
        step::live_step,
        webauthn::{self, Assertion, RelyingParty, StoredPasskey},
    },
    sessions::Amr,
};

/// A passkey answer that checked out, waiting for its transaction.
struct Checked {
    passkey: passkey::Model,
    account: Account,
    changed: Option<Vec<u8>>,
}

impl Latchkey {
    /// The options for the browser to sign in with any passkey of this site
    /// (`PublicKeyCredentialRequestOptionsJSON`).
    pub async fn begin_passkey_sign_in(&self, now: i64) -> Result<String, PasskeySignInError> {
        let rp = self.relying_party().ok_or(PasskeySignInError::Unavailable)?;
        Ok(self.keep(rp.begin_sign_in()?, None, now).await?)
    }

    /// Signs in with the passkey that answered (`answer`, its `PublicKeyCredential` as JSON): a
    /// new session, as any login. When this browser holds the second step of a login to the same
    /// account (`pending`), the passkey finishes it and the session counts both.
    pub async fn passkey_sign_in(
        &self,
        answer: &str,
        pending: Option<&str>,
        client: &Client,
        now: i64,
    ) -> Result<SignedIn, PasskeySignInError> {
        let rp = self.relying_party().ok_or(PasskeySignInError::Unavailable)?;
        let (assertion, challenge) = RelyingParty::assertion(answer).map_err(refused)?;
        let ceremony = open(&self.db, &challenge, now).await?.filter(|c| c.account_id.is_none());
        let ceremony = ceremony.ok_or(PasskeySignInError::Refused)?;
        match self.check_answer(&rp, &ceremony, &assertion, client, now).await {
            Ok(checked) => self.start_session(checked, &challenge, pending, client, now).await,
            Err(err) => {
                // Whatever was wrong, this challenge has had its one answer.
                discard(&self.db, &challenge).await?;
                Err(err)
            }
        }
    }

    /// The passkey and account that `assertion` signs for, and the passkey's new dynamic
    /// state when it changed; a wrong signature or a counter gone backwards is audited.
    async fn check_answer(
        &self,
        rp: &RelyingParty,
        ceremony: &passkey_ceremony::Model,
        assertion: &Assertion,
        client: &Client,
        now: i64,
    ) -> Result<Checked, PasskeySignInError> {
        let credential_id = URL_SAFE_NO_PAD.encode(assertion.credential_id());
        let stored = passkey::Entity::find()
            .filter(passkey::Column::CredentialId.eq(&credential_id))
            .one(&self.db)
            .await?
            .filter(|stored| stored.user_handle == assertion.user_handle())
            .ok_or(PasskeySignInError::Refused)?;
        let account = find_by_id(&self.db, stored.account_id).await?;
        let Some(account) = account.filter(|a| !a.disabled && a.awaiting.is_none()) else {
            return Err(PasskeySignInError::Refused);
        };
        let checked = rp.finish_sign_in(
            &ceremony.state,
            assertion,
            &StoredPasskey {
                user_handle: &stored.user_handle,
                static_state: &stored.static_state,
                dynamic_state: &stored.dynamic_state,
            },
        );
        match checked {
            Ok(changed) => Ok(Checked { passkey: stored, account, changed }),
            Err(err) => {
                audit::record(&self.db, AuditKind::PasskeyFailed, Some(account.id), Some(&account.email), client, now)
                    .await?;
                metrics::counter!("latchkey_logins_total", "outcome" => "invalid").increment(1);
                Err(refused(err))
            }
        }
    }

    /// The session a checked answer starts, in one transaction that also takes its ceremony:
    /// of two servers given the same answer, one signs in.
    async fn start_session(
        &self,
        checked: Checked,
        challenge: &str,
        pending: Option<&str>,
        client: &Client,
        now: i64,
    ) -> Result<SignedIn, PasskeySignInError> {
        let Checked { passkey: stored, account, changed } = checked;
        let step = match pending {
            Some(token) => live_step(&self.db, token, now).await?.filter(|step| step.account_id == account.id),
            None => None,
        };

        // Sign-ins take turns to write here (see `GroupCommit::exclusive`), not in SQLite's busy
        // handler, which sleeps.
        let _turn = self.writes.exclusive().await;
        let txn = self.db.begin().await?;
        if !taken(&txn, challenge).await? {
            return Err(PasskeySignInError::Refused);
        }
        let amr = match step {
            Some(step) => {
                pending_login::Entity::delete_by_id(step.token_hash).exec(&txn).await?;
                Amr::PasswordAndPasskey
            }
            None => Amr::Passkey,
        };
        let mut row: passkey::ActiveModel = stored.into();
        row.last_used_at = Set(Some(now));
        if let Some(dynamic_state) = changed {
            row.dynamic_state = Set(dynamic_state);
        }
        row.update(&txn).await?;
        audit::record(&txn, AuditKind::PasskeyUsed, Some(account.id), Some(&account.email), client, now).await?;
        let address = account.email_normalized.clone();
        let scope = self.login_scope(&address, client);
        let (account, session) = self.sign_in(&txn, account, amr, &scope, client, now).await?;
        txn.commit().await?;
        self.mail_wakeup.notify_one();
        let device = self.device_key.issue(&address)?;
        metrics::counter!("latchkey_logins_total", "outcome" => "success").increment(1);
        Ok(SignedIn { account, session, device, second_factor_missing: false })
    }
}

/// A refused answer: its reason goes to the log, never to the browser.
fn refused(err: webauthn::Refused) -> PasskeySignInError {
    tracing::info!(reason = %err, "passkey sign-in refused");
    PasskeySignInError::Refused
}
