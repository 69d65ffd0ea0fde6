#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, secret, token_of};
use entity::{login_attempt, mail_outbox};
use latchkey_domain::{
    Latchkey,
    accounts::Role,
    audit::{self, AuditKind, Client},
    login::LoginError,
    mail::MailKind,
    throttle::Limited,
};
use sea_orm::{EntityTrait, PaginatorTrait};

const EMAIL: &str = "dev@example.com";
const WRONG: &str = "not the password at all";

async fn with_account(t: &TestDb) -> Service {
    common::with_account(t, EMAIL, Role::Consumer).await
}

#[tokio::test]
async fn the_ip_limit_counts_per_minute_and_says_when_to_retry() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    // Two services on one database (each with its own group commit): the count is shared, as
    // between two servers. The default limit is 30 a minute.
    let other = t.latchkey();
    let now = 6_000 + 15; // 15 s into a minute
    for i in 0..30 {
        let via = if i % 2 == 0 { &k } else { &other };
        assert_eq!(via.hit_ip_limit("203.0.113.7", now).await.unwrap(), Ok(()), "hit {i}");
    }
    assert_eq!(k.hit_ip_limit("203.0.113.7", now).await.unwrap(), Err(Limited { retry_after: 45 }));
    // Another client is unaffected; the next minute starts afresh.
    assert_eq!(k.hit_ip_limit("198.51.100.1", now).await.unwrap(), Ok(()));
    assert_eq!(other.hit_ip_limit("203.0.113.7", now + 45).await.unwrap(), Ok(()));
}

async fn fail_login(k: &Service, email: &str, now: i64) -> LoginError {
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
    let checked = k.password_verifications();
    let held = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 110).await;
    assert!(matches!(held, Err(LoginError::Throttled { retry_after: 54 })), "{:?}", held.err());
    assert_eq!(k.password_verifications(), checked, "the password is not checked while throttled");
    // After the wait the right password works, and clears the record.
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 164).await.is_ok());
    assert_eq!(login_attempt::Entity::find().count(&k.db).await.unwrap(), 0);
}

/// The hold on the one row of attempts, if any, as seconds from `now`.
async fn held_for(k: &Service, now: i64) -> Option<i64> {
    let rows = login_attempt::Entity::find().all(&k.db).await.unwrap();
    rows.iter().map(|r| r.blocked_until - now).find(|wait| *wait > 0)
}

fn from(ip: &str) -> Client {
    Client { ip: Some(ip.to_owned()), ..Client::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_guesses_gets_no_more_checks_than_the_allowance() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let checked = k.password_verifications();
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let k: Latchkey = (*k).clone();
            tokio::spawn(async move { k.login(EMAIL, &secret(&format!("wrong guess number {i}")), &ANON, 100).await })
        })
        .collect();
    let mut results = Vec::new();
    for guess in guesses {
        results.push(guess.await.unwrap());
    }
    let checks = k.password_verifications() - checked;
    assert!(checks <= 5, "{checks} passwords were checked");
    for result in &results {
        assert!(
            matches!(result, Err(LoginError::InvalidCredentials | LoginError::Throttled { .. })),
            "no internal error: {:?}",
            result.as_ref().err()
        );
    }
    let right = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 101).await;
    assert!(matches!(right, Err(LoginError::Throttled { .. })), "{:?}", right.err());
}

#[tokio::test]
async fn strangers_share_one_allowance_and_the_owners_browser_keeps_its_own() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let owner = k.login(EMAIL, &secret(GOOD_PASSWORD), &from("198.51.100.10"), 100).await.unwrap();
    for i in 0..5 {
        k.login(EMAIL, &secret(WRONG), &from("203.0.113.66"), 110 + i).await.err().unwrap();
    }
    let stranger = k.login(EMAIL, &secret(GOOD_PASSWORD), &from("203.0.113.66"), 120).await;
    assert!(matches!(stranger, Err(LoginError::Throttled { .. })), "the strangers are held");
    // Any other client without the account's device cookie shares the strangers' allowance,
    // whatever its network.
    let elsewhere = k.login(EMAIL, &secret(GOOD_PASSWORD), &from("198.51.100.10"), 121).await;
    assert!(matches!(elsewhere, Err(LoginError::Throttled { .. })), "{:?}", elsewhere.err());
    assert!(matches!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 121).await, Err(LoginError::Throttled { .. })));
    // The owner's browser (its device cookie) is not held, even on the strangers' very network.
    let browser = Client { device: Some(owner.device.clone()), ..from("203.0.113.66") };
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &browser, 122).await.is_ok());
    // A device cookie for another account, or a forged one, is no way around the hold.
    let forged = Client { device: Some(secret("forged.cookie")), ..from("203.0.113.66") };
    assert!(matches!(k.login(EMAIL, &secret(GOOD_PASSWORD), &forged, 123).await, Err(LoginError::Throttled { .. })));
    // A reset lifts every hold.
    let token = token_of(&k.admin_reset_link(EMAIL, 130).await.unwrap().unwrap());
    let new = secret("a brand new passphrase");
    k.reset_password(&token, &new, &new, &ANON, 131).await.unwrap();
    assert!(k.login(EMAIL, &new, &from("203.0.113.66"), 132).await.is_ok());
}

/// Guessing from many networks (an IPv6 /48 holds 65,536 /64s; a botnet, thousands of
/// addresses) gets no more checks than from one: 100 guesses from 20 networks, at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_from_many_networks_get_no_more_checks_than_the_allowance() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let owner = k.login(EMAIL, &secret(GOOD_PASSWORD), &from("198.51.100.10"), 90).await.unwrap();
    let checked = k.password_verifications();
    let guesses: Vec<_> = (0..100)
        .map(|i| {
            let k: Latchkey = (*k).clone();
            tokio::spawn(async move {
                let network = format!("2001:db8:{:x}::1", i % 20);
                k.login(EMAIL, &secret(WRONG), &from(&network), 100).await.err().unwrap()
            })
        })
        .collect();
    for guess in guesses {
        guess.await.unwrap();
    }
    let done = k.password_verifications() - checked;
    assert!(done <= 5, "{done} passwords checked");
    let other = k.login(EMAIL, &secret(GOOD_PASSWORD), &from("2001:db8:ffff::1"), 101).await;
    assert!(matches!(other, Err(LoginError::Throttled { retry_after }) if retry_after > 0), "{:?}", other.err());
    let browser = Client { device: Some(owner.device.clone()), ..from("2001:db8:ffff::1") };
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &browser, 102).await.is_ok());
}

#[tokio::test]
async fn the_wait_grows_to_fifteen_minutes_and_never_becomes_permanent() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let mut now = 1_000;
    let mut waits = Vec::new();
    for _ in 0..10 {
        fail_login(&k, EMAIL, now).await;
        if let Some(wait) = held_for(&k, now).await {
            waits.push(wait);
            now += wait;
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
    let client =
        Client { ip: Some("203.0.113.9".into()), user_agent: Some("TestBrowser/1.0".into()), ..Client::default() };
    fail_login(&k, EMAIL, 100).await;
    let session = k.login(EMAIL, &secret(GOOD_PASSWORD), &client, 101).await.unwrap().session;
    k.logout(session.expose(), &client, 102).await.unwrap();
    k.request_reset("Dev@Example.com", &client, 103).await.unwrap();
    k.fulfil_reset_requests(103).await.unwrap();
    let all = mail_outbox::Entity::find().all(&k.db).await.unwrap();
    let queued = all.into_iter().find(|m| m.kind == MailKind::ResetLink).unwrap();
    let link = k.seal_key.open(queued.sealed_payload.as_deref().unwrap(), &queued.recipient).unwrap();
    let new = secret("a brand new passphrase");
    k.reset_password(&token_of(&link), &new, &new, &client, 104).await.unwrap();
    k.request_reset("nobody@example.com", &client, 105).await.unwrap();

    let events = audit::list(&k.db, None, None, 100).await.unwrap();
    let kinds: Vec<AuditKind> = events.iter().rev().map(|e| e.kind).collect();
    use AuditKind::*;
    assert_eq!(kinds, [LoginFailed, LoginSucceeded, SessionEnded, ResetRequested, ResetCompleted, ResetRequested]);
    let succeeded = &events[4];
    assert_eq!(succeeded.client_ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(succeeded.user_agent.as_deref(), Some("TestBrowser/1.0"));
    assert!(succeeded.account_id.is_some());
    assert_eq!(events[0].account_id, None, "an unknown address has no account");
    assert_eq!(audit::list(&k.db, Some("DEV@example.com"), None, 100).await.unwrap().len(), 5);
    let dump = format!("{events:?}");
    for secret_text in [GOOD_PASSWORD, WRONG, "a brand new passphrase", token_of(&link).expose().as_str()] {
        assert!(!dump.contains(secret_text), "the audit log holds a secret");
    }
}

#[tokio::test]
async fn housekeeping_removes_only_stale_limits() {
    use entity::rate_limit;
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    k.hit_ip_limit("203.0.113.1", 1_000).await.unwrap().unwrap();
    k.hit_ip_limit("203.0.113.2", 5_000).await.unwrap().unwrap();
    fail_login(&k, "old@example.com", 1_000).await;
    fail_login(&k, "recent@example.com", 4_500).await;
    k.purge_expired(5_000).await.unwrap();
    assert_eq!(rate_limit::Entity::find().count(&k.db).await.unwrap(), 1);
    let left = login_attempt::Entity::find().all(&k.db).await.unwrap();
    assert_eq!(left.iter().map(|r| r.email_normalized.as_str()).collect::<Vec<_>>(), ["recent@example.com"]);
    // Purging twice (as two servers might) is harmless.
    k.purge_expired(5_000).await.unwrap();
    assert_eq!(rate_limit::Entity::find().count(&k.db).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_mail_cap_holds_when_several_servers_fulfil_requests_at_once() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    // Twelve servers' workers on one database, and twelve requests for one address, one a
    // second: each worker starts at its request's second, so they run side by side.
    let servers: Vec<Latchkey> = (0..12).map(|_| (*t.latchkey()).clone()).collect();
    for (i, server) in servers.iter().enumerate() {
        server.request_reset(EMAIL, &ANON, 100 + i as i64).await.unwrap();
    }
    let workers: Vec<_> = servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            let server = server.clone();
            tokio::spawn(async move { server.fulfil_reset_requests(100 + i as i64).await })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap().unwrap();
    }
    assert_eq!(k.fulfil_reset_requests(200).await.unwrap(), 0, "every request was handled");
    let links = common::queued(&k, MailKind::ResetLink).await;
    assert_eq!(links.len(), 3, "three emails, never more");
}

#[tokio::test]
async fn housekeeping_keeps_audit_rows_for_the_retention_period() {
    let t = TestDb::new().await;
    let mut config = latchkey_domain::config::Config::defaults();
    config.limits.audit_retention_days = 30;
    let k = t.latchkey_with(config);
    let day = 86_400;
    k.request_reset("old@example.com", &ANON, 100 * day).await.unwrap();
    k.request_reset("recent@example.com", &ANON, 125 * day).await.unwrap();
    k.purge_expired(140 * day).await.unwrap();
    let left = audit::list(&k.db, None, None, 10).await.unwrap();
    assert_eq!(left.iter().map(|e| e.email.as_deref().unwrap()).collect::<Vec<_>>(), ["recent@example.com"]);
}
