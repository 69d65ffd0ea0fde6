#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{ANON, GOOD_PASSWORD, TestDb, secret, token_of};
use entity::mail_outbox;
use latchkey_domain::{
    Latchkey,
    accounts::{self, NewAccount, Role},
    audit::{self, Client},
    login::LoginError,
    throttle::{self, Limited},
};
use latchkey_policy::PasswordPolicy;
use sea_orm::EntityTrait;

const EMAIL: &str = "dev@example.com";
const WRONG: &str = "not the password at all";

async fn with_account(t: &TestDb) -> Latchkey {
    let k = t.latchkey();
    let new =
        NewAccount { email: EMAIL.into(), name: None, role: Role::Consumer, password: Some(secret(GOOD_PASSWORD)) };
    accounts::add(&k.db, &k.hasher, &PasswordPolicy::default(), new, 0).await.unwrap();
    k
}

#[tokio::test]
async fn the_ip_limit_counts_per_minute_and_says_when_to_retry() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    // Two services on one database: the count is shared, as between two servers.
    let other = t.latchkey();
    let now = 6_000 + 15; // 15 s into a minute
    for i in 0..30 {
        let via = if i % 2 == 0 { &k } else { &other };
        assert_eq!(throttle::hit(&via.db, "ip:203.0.113.7", 30, 60, now).await.unwrap(), Ok(()), "hit {i}");
    }
    assert_eq!(throttle::hit(&k.db, "ip:203.0.113.7", 30, 60, now).await.unwrap(), Err(Limited { retry_after: 45 }));
    // Another client is unaffected; the next minute starts afresh.
    assert_eq!(throttle::hit(&k.db, "ip:198.51.100.1", 30, 60, now).await.unwrap(), Ok(()));
    assert_eq!(throttle::hit(&other.db, "ip:203.0.113.7", 30, 60, now + 45).await.unwrap(), Ok(()));
}

async fn fail_login(k: &Latchkey, email: &str, now: i64) -> LoginError {
    k.login(email, &secret(WRONG), &ANON, now).await.err().expect("the login fails")
}

#[tokio::test]
async fn five_failures_throttle_the_address_without_checking_the_password() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    for i in 0..4 {
        assert!(matches!(fail_login(&k, EMAIL, 100 + i).await, LoginError::InvalidCredentials));
    }
    // The fifth failure starts a one-minute hold.
    assert!(matches!(fail_login(&k, EMAIL, 104).await, LoginError::InvalidCredentials));
    let checked = k.hasher.verifications();
    let held = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 110).await;
    assert!(matches!(held, Err(LoginError::Throttled { retry_after: 54 })), "{:?}", held.err());
    assert_eq!(k.hasher.verifications(), checked, "the password is not checked while throttled");
    // After the wait the right password works, and clears the record.
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 164).await.is_ok());
    assert!(throttle::login_blocked(&k.db, EMAIL, 164).await.unwrap().is_none());
}

#[tokio::test]
async fn the_wait_grows_to_fifteen_minutes_and_never_becomes_permanent() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let mut now = 1_000;
    let mut waits = Vec::new();
    for _ in 0..10 {
        fail_login(&k, EMAIL, now).await;
        if let Some(limited) = throttle::login_blocked(&k.db, EMAIL, now).await.unwrap() {
            waits.push(limited.retry_after);
            now += limited.retry_after;
        } else {
            now += 1;
        }
    }
    assert_eq!(waits[..4], [60, 120, 240, 480]);
    assert!(waits.iter().all(|w| *w <= 900));
    assert_eq!(*waits.last().unwrap(), 900);
}

#[tokio::test]
async fn unknown_addresses_are_throttled_the_same_way() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    for i in 0..5 {
        fail_login(&k, "nobody@example.com", 100 + i).await;
    }
    assert!(matches!(fail_login(&k, "NOBODY@example.com", 106).await, LoginError::Throttled { .. }));
}

#[tokio::test]
async fn a_password_reset_lifts_the_throttle() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    for i in 0..5 {
        fail_login(&k, EMAIL, 100 + i).await;
    }
    let token = token_of(&k.admin_reset_link(EMAIL, 110).await.unwrap().unwrap());
    let new = secret("a brand new passphrase");
    k.reset_password(&token, &new, &new, &ANON, 111).await.unwrap();
    assert!(k.login(EMAIL, &new, &ANON, 112).await.is_ok());
}

#[tokio::test]
async fn authentication_events_are_audited_without_secrets() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let client = Client { ip: Some("203.0.113.9".into()), user_agent: Some("TestBrowser/1.0".into()) };
    fail_login(&k, EMAIL, 100).await;
    let session = k.login(EMAIL, &secret(GOOD_PASSWORD), &client, 101).await.unwrap().session;
    k.logout(session.expose(), &client, 102).await.unwrap();
    k.request_reset("Dev@Example.com", &client, 103).await.unwrap();
    k.fulfil_reset_requests(103).await.unwrap();
    let all = mail_outbox::Entity::find().all(&k.db).await.unwrap();
    let queued = all.into_iter().find(|m| m.kind == "reset_link").unwrap();
    let link = k.seal_key.open(queued.sealed_payload.as_deref().unwrap(), &queued.recipient).unwrap();
    let new = secret("a brand new passphrase");
    k.reset_password(&token_of(&link), &new, &new, &client, 104).await.unwrap();
    k.request_reset("nobody@example.com", &client, 105).await.unwrap();

    let events = audit::list(&k.db, None, 100).await.unwrap();
    let kinds: Vec<&str> = events.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["login_failed", "login_succeeded", "session_ended", "reset_requested", "reset_completed", "reset_requested"]
    );
    let succeeded = &events[4];
    assert_eq!(succeeded.client_ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(succeeded.user_agent.as_deref(), Some("TestBrowser/1.0"));
    assert!(succeeded.account_id.is_some());
    assert_eq!(events[0].account_id, None, "an unknown address has no account");
    assert_eq!(audit::list(&k.db, Some("DEV@example.com"), 100).await.unwrap().len(), 5);
    let dump = format!("{events:?}");
    for secret_text in [GOOD_PASSWORD, WRONG, "a brand new passphrase", token_of(&link).expose().as_str()] {
        assert!(!dump.contains(secret_text), "the audit log holds a secret");
    }
}

#[tokio::test]
async fn housekeeping_removes_only_stale_limits() {
    use entity::{login_throttle, rate_limit};
    use sea_orm::PaginatorTrait;
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    throttle::hit(&k.db, "ip:203.0.113.1", 30, 60, 1_000).await.unwrap().unwrap();
    throttle::hit(&k.db, "ip:203.0.113.2", 30, 60, 5_000).await.unwrap().unwrap();
    fail_login(&k, "old@example.com", 1_000).await;
    fail_login(&k, "recent@example.com", 4_500).await;
    latchkey_domain::housekeeping::purge(&k, 5_000).await.unwrap();
    assert_eq!(rate_limit::Entity::find().count(&k.db).await.unwrap(), 1);
    let left = login_throttle::Entity::find().all(&k.db).await.unwrap();
    assert_eq!(left.iter().map(|r| r.email_normalized.as_str()).collect::<Vec<_>>(), ["recent@example.com"]);
    // Purging twice (as two servers might) is harmless.
    latchkey_domain::housekeeping::purge(&k, 5_000).await.unwrap();
    assert_eq!(rate_limit::Entity::find().count(&k.db).await.unwrap(), 1);
}
