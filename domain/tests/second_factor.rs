#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! The second factor: turning an app on, the login's second step, recovery codes, and recovery
//! that never bypasses a factor. Codes come from the secret the setup shows and a time passed
//! in, never from sleeping.
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, secret, totp_code as code};
use entity::{AuditKind, audit_event, session};
use latchkey_domain::{
    accounts::Role,
    login::{LoginError, SignedIn},
    mail::MailKind,
    second_factor::{FactorError, PendingLogin, SecondStepError},
    secret::Secret,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const EMAIL: &str = "dev@example.com";
/// A moment well inside a 30-second step: codes made "now" are of this step.
const T0: i64 = 1_800_000_000;

async fn login(k: &Service, now: i64) -> Result<SignedIn, LoginError> {
    k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, now).await
}

/// The second step a right password leads to.
async fn pending(k: &Service, now: i64) -> PendingLogin {
    match login(k, now).await {
        Err(LoginError::SecondStepNeeded(pending)) => pending,
        Ok(_) => panic!("signed in without the second factor"),
        Err(other) => panic!("{other}"),
    }
}

/// An account with an app turned on at `T0`; its secret and its recovery codes.
async fn with_app(t: &TestDb) -> (Service, String, Vec<Secret<String>>) {
    let k = common::with_account(t, EMAIL, Role::Consumer).await;
    let session = login(&k, T0).await.unwrap().session;
    let setup = k.app_setup(session.expose(), None, T0).await.unwrap();
    let secret = setup.secret.expose().clone();
    let codes = k.turn_on_app(session.expose(), &setup.sealed, &code(&secret, T0), &ANON, T0).await.unwrap();
    (k, secret, codes)
}

async fn sessions_of(k: &Service) -> u64 {
    session::Entity::find().count(&k.db).await.unwrap()
}

async fn audited(k: &Service, kind: AuditKind) -> u64 {
    audit_event::Entity::find().filter(audit_event::Column::Kind.eq(kind)).count(&k.db).await.unwrap()
}

#[tokio::test]
async fn turning_an_app_on_needs_a_recent_password_and_a_code_of_its_secret() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, EMAIL, Role::Consumer).await;
    let session = login(&k, T0).await.unwrap().session;
    let token = session.expose();
    let later = T0 + 11 * 60;
    assert!(matches!(k.app_setup(token, None, later).await, Err(FactorError::NeedsRecentSignIn)));
    assert!(matches!(
        k.confirm_password(token, &secret("not my password"), &ANON, later).await,
        Err(FactorError::WrongPassword)
    ));
    k.confirm_password(token, &secret(GOOD_PASSWORD), &ANON, later).await.unwrap();
    let setup = k.app_setup(token, None, later).await.unwrap();
    let again = k.app_setup(token, Some(&setup.sealed), later + 30).await.unwrap();
    assert_eq!(again.secret.expose(), setup.secret.expose(), "the same secret after a wrong code");

    let wrong = k.turn_on_app(token, &setup.sealed, "000000", &ANON, later).await;
    assert!(matches!(wrong, Err(FactorError::WrongCode)));
    let other_secret = code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", later);
    assert!(matches!(
        k.turn_on_app(token, &setup.sealed, &other_secret, &ANON, later).await,
        Err(FactorError::WrongCode)
    ));
    let codes = k.turn_on_app(token, &setup.sealed, &code(setup.secret.expose(), later), &ANON, later).await.unwrap();
    assert_eq!(codes.len(), 10);
    assert!(matches!(
        k.turn_on_app(token, &setup.sealed, &code(setup.secret.expose(), later), &ANON, later).await,
        Err(FactorError::AlreadyOn)
    ));
    let overview = k.security_overview(token, later).await.unwrap();
    assert!(overview.app && overview.recovery_codes_left == 10);
    assert_eq!(common::queued(&k, MailKind::SecondFactorOn).await.len(), 1);
    assert_eq!(audited(&k, AuditKind::SecondFactorAdded).await, 1);

    let stored = entity::totp_factor::Entity::find().one(&k.db).await.unwrap().unwrap();
    assert!(!stored.sealed_secret.contains(setup.secret.expose()), "sealed at rest");
    let stored_codes = entity::recovery_code::Entity::find().all(&k.db).await.unwrap();
    assert!(stored_codes.iter().all(|row| codes.iter().all(|c| !row.code_hash.contains(&c.expose()[..5]))));
}

#[tokio::test]
async fn a_right_password_signs_nobody_in_until_a_right_code() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let before = sessions_of(&k).await;
    let now = T0 + 600;
    let step = pending(&k, now).await;
    assert_eq!(step.methods.iter().map(|m| m.as_str()).collect::<Vec<_>>(), ["totp"]);
    assert_eq!(sessions_of(&k).await, before, "no session for a password alone");

    let wrong = k.finish_login(step.token.expose(), "123456", &ANON, now).await;
    assert!(matches!(wrong, Err(SecondStepError::WrongCode { ended: false })));
    assert_eq!(sessions_of(&k).await, before);
    assert_eq!(audited(&k, AuditKind::SecondFactorFailed).await, 1);

    let signed_in = k.finish_login(step.token.expose(), &code(&secret_text, now), &ANON, now).await.unwrap();
    let session = k.live_session(signed_in.session.expose(), now).await.unwrap().unwrap();
    assert_eq!(session.amr, "pwd,otp,mfa");
    assert_eq!(session.account.email, EMAIL);
    assert!(matches!(
        k.finish_login(step.token.expose(), &code(&secret_text, now + 30), &ANON, now + 30).await,
        Err(SecondStepError::Ended)
    ));
}

#[tokio::test]
async fn a_code_is_accepted_once_even_from_two_logins_at_once() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let (a, b) = (pending(&k, now).await, pending(&k, now).await);
    let code_now = code(&secret_text, now);
    let (first, second) = tokio::join!(
        k.finish_login(a.token.expose(), &code_now, &ANON, now),
        k.finish_login(b.token.expose(), &code_now, &ANON, now)
    );
    assert_eq!([first.is_ok(), second.is_ok()].iter().filter(|ok| **ok).count(), 1, "one success");
    // An older code, even within the drift allowed, is refused after a newer one.
    let c = pending(&k, now + 30).await;
    assert!(k.finish_login(c.token.expose(), &code(&secret_text, now + 30), &ANON, now + 30).await.is_ok());
    let d = pending(&k, now + 31).await;
    let older = k.finish_login(d.token.expose(), &code(&secret_text, now), &ANON, now + 31).await;
    assert!(matches!(older, Err(SecondStepError::WrongCode { .. })));
}

#[tokio::test]
async fn one_step_of_drift_is_accepted_and_three_are_not() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 3_000;
    let late = pending(&k, now).await;
    let three_old = k.finish_login(late.token.expose(), &code(&secret_text, now - 90), &ANON, now).await;
    assert!(matches!(three_old, Err(SecondStepError::WrongCode { .. })));
    let one_old = k.finish_login(late.token.expose(), &code(&secret_text, now - 30), &ANON, now).await;
    assert!(one_old.is_ok(), "a phone a step behind");
}

#[tokio::test]
async fn a_few_wrong_codes_end_the_step_and_count_in_the_login_allowance() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let step = pending(&k, now).await; // attempt 1
    for _ in 0..2 {
        let wrong = k.finish_login(step.token.expose(), "111111", &ANON, now).await;
        assert!(matches!(wrong, Err(SecondStepError::WrongCode { ended: false })));
    }
    let last = k.finish_login(step.token.expose(), "111111", &ANON, now).await; // attempt 4
    assert!(matches!(last, Err(SecondStepError::WrongCode { ended: true })));
    let right = k.finish_login(step.token.expose(), &code(&secret_text, now), &ANON, now).await;
    assert!(matches!(right, Err(SecondStepError::Ended)), "the step is over");

    // Logging in again is attempt 5, the allowance's last; its next code is held.
    let again = pending(&k, now + 1).await;
    let held = k.finish_login(again.token.expose(), &code(&secret_text, now + 1), &ANON, now + 1).await;
    assert!(matches!(held, Err(SecondStepError::Throttled { .. })), "codes are counted like passwords");
    assert!(matches!(login(&k, now + 2).await, Err(LoginError::Throttled { .. })));
    assert_eq!(sessions_of(&k).await, 1, "only the one that turned the app on");
}

#[tokio::test]
async fn a_step_lasts_five_minutes() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let step = pending(&k, now).await;
    let late = now + 301;
    assert!(k.pending_login(step.token.expose(), late).await.unwrap().is_none());
    let expired = k.finish_login(step.token.expose(), &code(&secret_text, late), &ANON, late).await;
    assert!(matches!(expired, Err(SecondStepError::Ended)));
}

#[tokio::test]
async fn a_recovery_code_works_once_and_mails_how_many_are_left() {
    let t = TestDb::new().await;
    let (k, _, codes) = with_app(&t).await;
    let now = T0 + 600;
    let typed = codes[3].expose().to_uppercase().replace('-', " ");
    let step = pending(&k, now).await;
    let signed_in = k.finish_login(step.token.expose(), &typed, &ANON, now).await.unwrap();
    assert_eq!(k.security_overview(signed_in.session.expose(), now).await.unwrap().recovery_codes_left, 9);
    let used = common::queued(&k, MailKind::RecoveryCodeUsed).await;
    assert_eq!(used.len(), 1);
    assert_eq!(k.seal_key.open(used[0].sealed_payload.as_deref().unwrap(), EMAIL).unwrap().expose(), "9");
    assert_eq!(audited(&k, AuditKind::RecoveryCodeUsed).await, 1);
    // The worker sends every notice: the app turned on, the code used, and (this client has
    // no device cookie of the account) the new sign-in.
    let (dir, files) = common::mail_dir();
    assert_eq!(k.deliver_due_mail(&files, || now).await.unwrap(), 3);
    let eml: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap().replace("=\r\n", ""))
        .collect();
    let used = eml.iter().find(|m| m.contains("Subject: A recovery code was used")).expect("the notice");
    assert!(used.contains("9 recovery codes are left"), "{used}");
    assert!(eml.iter().any(|m| m.contains("Subject: Two-step verification was turned on")));
    assert!(eml.iter().any(|m| m.contains("Subject: New sign-in to your")));

    let again = pending(&k, now + 1).await;
    let reused = k.finish_login(again.token.expose(), codes[3].expose(), &ANON, now + 1).await;
    assert!(matches!(reused, Err(SecondStepError::WrongCode { .. })));
    assert!(k.finish_login(again.token.expose(), codes[4].expose(), &ANON, now + 1).await.is_ok());
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let t = TestDb::new().await;
    let (k, _, old) = with_app(&t).await;
    let now = T0 + 60;
    let session = pending(&k, now).await;
    let signed_in = k.finish_login(session.token.expose(), old[0].expose(), &ANON, now).await.unwrap();
    let new = k.new_recovery_codes(signed_in.session.expose(), &ANON, now).await.unwrap();
    assert_eq!(new.len(), 10);
    let step = pending(&k, now + 1).await;
    assert!(k.finish_login(step.token.expose(), old[1].expose(), &ANON, now + 1).await.is_err());
    assert!(k.finish_login(step.token.expose(), new[1].expose(), &ANON, now + 1).await.is_ok());
    assert_eq!(common::queued(&k, MailKind::RecoveryCodesCreated).await.len(), 1);
}

#[tokio::test]
async fn a_reset_removes_no_factor_and_the_next_login_still_asks() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let link = k.admin_reset_link(EMAIL, now).await.unwrap().unwrap();
    let new_password = "a brand new passphrase for dev";
    k.reset_password(&common::token_of(&link), &secret(new_password), &secret(new_password), &ANON, now).await.unwrap();
    assert_eq!(sessions_of(&k).await, 0, "a reset signs nobody in and ends every session");
    let step = match k.login(EMAIL, &secret(new_password), &ANON, now + 1).await {
        Err(LoginError::SecondStepNeeded(step)) => step,
        _ => panic!("the new password alone signed in"),
    };
    assert!(k.finish_login(step.token.expose(), &code(&secret_text, now + 30), &ANON, now + 30).await.is_ok());
}

#[tokio::test]
async fn an_owners_reset_removes_every_factor_ends_sessions_and_mails_the_person() {
    let t = TestDb::new().await;
    let (k, _, codes) = with_app(&t).await;
    let now = T0 + 600;
    let step = pending(&k, now).await;
    k.finish_login(step.token.expose(), codes[0].expose(), &ANON, now).await.unwrap();
    assert_eq!(sessions_of(&k).await, 2);
    k.reset_second_factor(EMAIL, &ANON, now).await.unwrap();
    assert_eq!(sessions_of(&k).await, 0);
    assert_eq!(common::queued(&k, MailKind::SecondFactorOff).await.len(), 1);
    assert_eq!(audited(&k, AuditKind::SecondFactorReset).await, 1);
    let signed_in = login(&k, now + 1).await.expect("the password alone signs in again");
    assert_eq!(k.live_session(signed_in.session.expose(), now + 1).await.unwrap().unwrap().amr, "pwd");
}

#[tokio::test]
async fn turning_the_app_off_needs_a_recent_sign_in_and_mails_the_person() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let step = pending(&k, now).await;
    let signed_in = k.finish_login(step.token.expose(), &code(&secret_text, now), &ANON, now).await.unwrap();
    let token = signed_in.session.expose();
    let later = now + 601;
    assert!(matches!(k.turn_off_app(token, &ANON, later).await, Err(FactorError::NeedsRecentSignIn)));
    k.confirm_password(token, &secret(GOOD_PASSWORD), &ANON, later).await.unwrap();
    k.turn_off_app(token, &ANON, later).await.unwrap();
    assert!(matches!(k.turn_off_app(token, &ANON, later).await, Err(FactorError::NotOn)));
    assert_eq!(common::queued(&k, MailKind::SecondFactorOff).await.len(), 1);
    assert!(login(&k, later + 1).await.is_ok(), "a password alone again");
}

#[tokio::test]
async fn a_password_change_keeps_this_browser_signed_in_with_both_factors() {
    let t = TestDb::new().await;
    let (k, secret_text, _) = with_app(&t).await;
    let now = T0 + 600;
    let step = pending(&k, now).await;
    let signed_in = k.finish_login(step.token.expose(), &code(&secret_text, now), &ANON, now).await.unwrap();
    let new_password = secret("another brand new passphrase");
    let changed = k
        .change_password(signed_in.session.expose(), &secret(GOOD_PASSWORD), &new_password, &new_password, &ANON, now)
        .await
        .unwrap();
    assert_eq!(k.live_session(changed.session.expose(), now).await.unwrap().unwrap().amr, "pwd,otp,mfa");
}

#[tokio::test]
async fn a_required_second_factor_holds_the_session_to_its_setup_until_there_is_one() {
    let t = TestDb::new().await;
    let mut config = latchkey_domain::config::Config::defaults();
    config.sessions.require_second_factor = latchkey_domain::config::RequireSecondFactor::Owners;
    let k = t.latchkey_with(config);
    for (email, role) in [(EMAIL, Role::Owner), ("consumer@example.com", Role::Consumer)] {
        let new = latchkey_domain::accounts::NewAccount {
            email: email.into(),
            name: None,
            role,
            password: Some(secret(GOOD_PASSWORD)),
        };
        k.add_account(new, 0).await.unwrap();
    }
    let consumer = k.login("consumer@example.com", &secret(GOOD_PASSWORD), &ANON, T0).await.unwrap();
    assert!(!consumer.second_factor_missing, "out of scope");
    assert!(k.resume_session(consumer.session.expose(), T0).await.unwrap().is_some());

    let owner = login(&k, T0).await.unwrap();
    assert!(owner.second_factor_missing);
    let token = owner.session.expose();
    assert!(k.resume_session(token, T0).await.unwrap().is_none(), "nothing but the setup");
    assert!(k.live_session(token, T0).await.unwrap().unwrap().second_factor_missing);
    assert!(k.security_overview(token, T0).await.unwrap().required);

    let setup = k.app_setup(token, None, T0).await.unwrap();
    k.turn_on_app(token, &setup.sealed, &code(setup.secret.expose(), T0), &ANON, T0).await.unwrap();
    assert!(!k.live_session(token, T0).await.unwrap().unwrap().second_factor_missing);
    assert!(k.resume_session(token, T0).await.unwrap().is_some(), "set up: the session may be used");
    assert!(!k.security_overview(token, T0).await.unwrap().required);
}
