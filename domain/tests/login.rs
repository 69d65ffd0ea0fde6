#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, secret};
use latchkey_domain::{
    accounts::{NewAccount, Role},
    login::LoginError,
    sessions,
};
use sea_orm::{EntityTrait, PaginatorTrait};

const EMAIL: &str = "dev@example.com";

async fn with_account(t: &TestDb, email: &str) -> Service {
    common::with_account(t, email, Role::Consumer).await
}

#[tokio::test]
async fn login_starts_a_session_that_resumes_until_logout() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let signed_in = k.login("DEV@example.com", &secret(GOOD_PASSWORD), &ANON, 1_000).await.unwrap();
    assert_eq!(signed_in.account.email, "dev@example.com");
    let token = signed_in.session.expose().clone();
    let resumed = k.resume_session(&token, 1_010).await.unwrap();
    assert_eq!(resumed.unwrap().email, "dev@example.com");
    sessions::end(&k.db, &token).await.unwrap();
    assert!(k.resume_session(&token, 1_020).await.unwrap().is_none());
}

#[tokio::test]
async fn each_login_gets_a_new_session_and_only_its_hash_is_stored() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let a = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 1).await.unwrap().session;
    let b = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 1).await.unwrap().session;
    assert_ne!(a.expose(), b.expose());
    let stored = entity::session::Entity::find().all(&k.db).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|s| &s.token_hash != a.expose() && &s.token_hash != b.expose()));
}

#[tokio::test]
async fn one_error_for_unknown_email_wrong_password_and_disabled_account() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let wrong = k.login("dev@example.com", &secret("not the password at all"), &ANON, 1).await;
    assert!(matches!(wrong, Err(LoginError::InvalidCredentials)));
    let unknown = k.login("nobody@example.com", &secret(GOOD_PASSWORD), &ANON, 1).await;
    assert!(matches!(unknown, Err(LoginError::InvalidCredentials)));
    k.disable_account("dev@example.com", &ANON, 2).await.unwrap();
    let disabled = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 3).await;
    assert!(matches!(disabled, Err(LoginError::InvalidCredentials)));
}

#[tokio::test]
async fn oversized_or_malformed_input_is_refused_before_hashing() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let hashed = k.password_verifications();
    let long = "x".repeat(129);
    assert!(matches!(k.login("dev@example.com", &secret(&long), &ANON, 1).await, Err(LoginError::InvalidPassword)));
    assert!(matches!(k.login("dev@example.com", &secret(""), &ANON, 1).await, Err(LoginError::InvalidPassword)));
    let long_email = format!("{}@example.com", "a".repeat(250));
    assert!(matches!(k.login(&long_email, &secret(GOOD_PASSWORD), &ANON, 1).await, Err(LoginError::InvalidEmail(_))));
    assert!(matches!(k.login("dev", &secret(GOOD_PASSWORD), &ANON, 1).await, Err(LoginError::InvalidEmail(_))));
    assert_eq!(k.password_verifications(), hashed, "no hashing work for invalid input");
}

#[tokio::test]
async fn sessions_end_after_idle_and_absolute_timeouts() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let timeouts = k.session_timeouts();
    let token = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 0).await.unwrap().session;
    // Idle: no request for the whole idle period.
    assert!(k.resume_session(token.expose(), timeouts.idle_timeout).await.unwrap().is_none());

    // Absolute: active every few minutes, but past the absolute limit.
    let token = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 0).await.unwrap().session;
    let mut now = 0;
    while now + 300 < timeouts.absolute_timeout {
        now += 300;
        assert!(k.resume_session(token.expose(), now).await.unwrap().is_some(), "at {now}");
    }
    assert!(k.resume_session(token.expose(), timeouts.absolute_timeout).await.unwrap().is_none());
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let token = k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 0).await.unwrap().session;
    k.disable_account("dev@example.com", &ANON, 1).await.unwrap();
    assert!(k.resume_session(token.expose(), 2).await.unwrap().is_none());
    assert_eq!(entity::session::Entity::find().count(&k.db).await.unwrap(), 0);
}

#[tokio::test]
async fn purge_removes_only_dead_sessions() {
    let t = TestDb::new().await;
    let k = with_account(&t, "dev@example.com").await;
    let timeouts = k.session_timeouts();
    k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, 0).await.unwrap();
    k.login("dev@example.com", &secret(GOOD_PASSWORD), &ANON, timeouts.idle_timeout).await.unwrap();
    assert_eq!(sessions::purge_expired(&k.db, timeouts, timeouts.idle_timeout + 1).await.unwrap(), 1);
    assert_eq!(entity::session::Entity::find().count(&k.db).await.unwrap(), 1);
}

#[tokio::test]
async fn lowering_the_policy_maximum_does_not_lock_out_longer_passwords() {
    let t = TestDb::new().await;
    let long = "a long passphrase ".repeat(5); // 90 characters
    let k = t.latchkey();
    let new =
        NewAccount { email: "dev@example.com".into(), name: None, role: Role::Consumer, password: Some(secret(&long)) };
    k.add_account(new, 0).await.unwrap();
    let mut config = k.config.clone();
    config.password.max_length = 64;
    let stricter = t.latchkey_with(config);
    assert!(stricter.login("dev@example.com", &secret(&long), &ANON, 1).await.is_ok());
}

#[tokio::test]
async fn a_password_typed_with_decomposed_accents_still_works() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    // Set with "é" and "î" as one character each, as macOS and Windows keyboards type them…
    let composed = "un caf\u{e9} au lait, s'il vous pla\u{ee}t";
    let new = NewAccount { email: EMAIL.into(), name: None, role: Role::Consumer, password: Some(secret(composed)) };
    k.add_account(new, 0).await.unwrap();
    // …and typed elsewhere as a letter followed by a combining accent.
    let decomposed = "un cafe\u{301} au lait, s'il vous plai\u{302}t";
    assert!(k.login(EMAIL, &secret(decomposed), &ANON, 1).await.is_ok());
    assert!(k.login(EMAIL, &secret(composed), &ANON, 2).await.is_ok());
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account_only() {
    let t = TestDb::new().await;
    let k = with_account(&t, EMAIL).await;
    common::with_account(&t, "other@example.com", Role::Consumer).await;
    let here = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 10).await.unwrap().session;
    let elsewhere = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 11).await.unwrap().session;
    let someone_else = k.login("other@example.com", &secret(GOOD_PASSWORD), &ANON, 12).await.unwrap().session;
    assert_eq!(k.sign_out_everywhere(here.expose(), &ANON, 13).await.unwrap(), 2);
    assert!(k.resume_session(here.expose(), 14).await.unwrap().is_none());
    assert!(k.resume_session(elsewhere.expose(), 14).await.unwrap().is_none());
    assert!(k.resume_session(someone_else.expose(), 14).await.unwrap().is_some(), "other accounts stay");
    assert_eq!(k.sign_out_everywhere(here.expose(), &ANON, 15).await.unwrap(), 0, "an ended session signs nothing out");
    let kinds: Vec<_> = k.audit_events(Some(EMAIL), 1).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [latchkey_domain::audit::AuditKind::SignedOutEverywhere]);
}

#[tokio::test]
async fn requests_of_one_session_a_minute_on_all_resume_it_and_mark_it_used() {
    let t = TestDb::new().await;
    let k = with_account(&t, EMAIL).await;
    let token = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 0).await.unwrap().session;
    let requests: Vec<_> = (0..32)
        .map(|_| {
            let (k, token) = (k.clone(), token.expose().clone());
            tokio::spawn(async move { k.resume_session(&token, 61).await })
        })
        .collect();
    for request in requests {
        assert!(request.await.unwrap().unwrap().is_some());
    }
    let session = entity::session::Entity::find().one(&k.db).await.unwrap().unwrap();
    assert_eq!(session.last_seen_at, 61);
}
