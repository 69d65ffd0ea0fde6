#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, mail_dir, queued, secret, token_of, unreachable_smtp};
use entity::{mail_outbox, reset_token, session};
use latchkey_domain::{
    Error, Latchkey,
    accounts::{NewAccount, Role},
    login::LoginError,
    mail::{MailKind, worker},
    recovery::ResetError,
    secret::Secret,
};
use latchkey_policy::PasswordProblem;
use sea_orm::{EntityTrait, PaginatorTrait};

const NEW_PASSWORD: &str = "a brand new passphrase";
const EMAIL: &str = "dev@example.com";

async fn with_account(t: &TestDb) -> Service {
    common::with_account(t, EMAIL, Role::Consumer).await
}

/// Requests a reset and reads the link back out of the (encrypted) outbox, as the worker would.
async fn requested_link(k: &Service, now: i64) -> Secret<String> {
    k.request_reset(EMAIL, &ANON, now).await.unwrap();
    k.fulfil_reset_requests(now).await.unwrap();
    let links = queued(k, MailKind::ResetLink).await;
    let last = links.last().expect("a reset email is queued");
    k.seal_key.open(last.sealed_payload.as_deref().unwrap(), &last.recipient).unwrap()
}

async fn reset(k: &Latchkey, token: &Secret<String>, now: i64) -> Result<(), ResetError> {
    k.reset_password(token, &secret(NEW_PASSWORD), &secret(NEW_PASSWORD), &ANON, now).await.map(drop)
}

#[tokio::test]
async fn request_then_reset_changes_the_password() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let link = requested_link(&k, 100).await;
    assert!(link.expose().starts_with("http://127.0.0.1:3000/auth/reset/code?token="));
    let token = token_of(&link);
    // Opening the link (GET) does not use it up.
    for _ in 0..3 {
        assert_eq!(k.check_reset_link(token.expose(), 110).await.unwrap().unwrap().email, EMAIL);
    }
    reset(&k, &token, 120).await.unwrap();
    assert!(k.login(EMAIL, &secret(NEW_PASSWORD), &ANON, 130).await.is_ok());
    assert!(matches!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 130).await, Err(LoginError::InvalidCredentials)));
}

#[tokio::test]
async fn a_used_link_is_refused() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    reset(&k, &token, 110).await.unwrap();
    assert!(matches!(reset(&k, &token, 120).await, Err(ResetError::InvalidLink)));
    assert!(k.check_reset_link(token.expose(), 120).await.unwrap().is_none());
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    let expiry = 100 + k.config.limits.reset_ttl;
    assert!(k.check_reset_link(token.expose(), expiry - 1).await.unwrap().is_some());
    assert!(k.check_reset_link(token.expose(), expiry).await.unwrap().is_none());
    assert!(matches!(reset(&k, &token, expiry).await, Err(ResetError::InvalidLink)));
}

#[tokio::test]
async fn a_newer_link_revokes_the_older_one() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let older = token_of(&requested_link(&k, 100).await);
    let newer = token_of(&requested_link(&k, 200).await);
    assert!(matches!(reset(&k, &older, 210).await, Err(ResetError::InvalidLink)));
    reset(&k, &newer, 220).await.unwrap();
}

#[tokio::test]
async fn unknown_and_disabled_addresses_get_the_same_answer_and_nothing_is_issued() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    k.request_reset("nobody@example.com", &ANON, 100).await.unwrap();
    k.disable_account(EMAIL, &ANON, 100).await.unwrap();
    k.request_reset(EMAIL, &ANON, 110).await.unwrap();
    // The request path did the same for both: one queued request each.
    let all = mail_outbox::Entity::find().all(&k.db).await.unwrap();
    assert_eq!(all.iter().map(|m| m.kind).collect::<Vec<_>>(), [MailKind::FulfilResetRequest; 2]);
    assert_eq!(k.fulfil_reset_requests(120).await.unwrap(), 2);
    assert_eq!(reset_token::Entity::find().count(&k.db).await.unwrap(), 0);
    assert_eq!(reset_emails(&k).await, 0);
}

async fn reset_emails(k: &Service) -> usize {
    let all = mail_outbox::Entity::find().all(&k.db).await.unwrap();
    all.iter().filter(|m| m.kind == MailKind::ResetLink).count()
}

#[tokio::test]
async fn at_most_three_emails_per_address_per_fifteen_minutes() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    for minute in 0..5 {
        let now = 1_000 + minute * 60;
        k.request_reset(EMAIL, &ANON, now).await.unwrap();
        k.fulfil_reset_requests(now).await.unwrap();
    }
    assert_eq!(reset_emails(&k).await, 3);
    // Fifteen minutes after the first, one more is allowed.
    let later = 1_000 + 15 * 60 + 1;
    k.request_reset(EMAIL, &ANON, later).await.unwrap();
    k.fulfil_reset_requests(later).await.unwrap();
    assert_eq!(reset_emails(&k).await, 4);
}

#[tokio::test]
async fn concurrent_redeems_of_one_link_change_the_password_once() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    let attempts = (0..20).map(|_| {
        let (k, token) = (k.clone(), token.clone());
        tokio::spawn(async move { reset(&k, &token, 110).await })
    });
    let results: Vec<_> = futures_join(attempts).await;
    let successes = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(successes, 1, "{results:?}");
    // The others find the link used, or (a burst bigger than the hashing queue) are told to
    // come back later: never a second change.
    assert!(
        results
            .iter()
            .all(|r| r.is_ok() || matches!(r, Err(ResetError::InvalidLink | ResetError::Internal(Error::Busy)))),
        "{results:?}"
    );
    let changed = mail_outbox::Entity::find().all(&k.db).await.unwrap();
    assert_eq!(changed.iter().filter(|m| m.kind == MailKind::PasswordChanged).count(), 1);
}

async fn futures_join<T: Send + 'static>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_reset_ends_every_session_and_queues_the_changed_email() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 50).await.unwrap();
    k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 60).await.unwrap();
    let token = token_of(&requested_link(&k, 100).await);
    reset(&k, &token, 110).await.unwrap();
    assert_eq!(session::Entity::find().count(&k.db).await.unwrap(), 0);
    let changed: Vec<_> = mail_outbox::Entity::find()
        .all(&k.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == MailKind::PasswordChanged)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].recipient, EMAIL);
    assert!(changed[0].sealed_payload.is_none());
}

#[tokio::test]
async fn weak_or_mismatched_passwords_are_refused_and_keep_the_link() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    let short = k.reset_password(&token, &secret("short"), &secret("short"), &ANON, 110).await;
    assert!(matches!(&short, Err(ResetError::Rejected(p)) if p == &vec![PasswordProblem::TooShort { min: 12 }]));
    let mismatch =
        k.reset_password(&token, &secret(NEW_PASSWORD), &secret("something else entirely"), &ANON, 110).await;
    assert!(matches!(&mismatch, Err(ResetError::Rejected(p)) if p == &vec![PasswordProblem::Mismatch]));
    reset(&k, &token, 120).await.unwrap();
}

#[tokio::test]
async fn the_token_is_nowhere_in_the_database() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let link = requested_link(&k, 100).await;
    let token = token_of(&link);
    let dump = dump_database(&k).await;
    assert!(!dump.contains(token.expose()), "the plaintext token is stored");
    assert!(dump.contains(&latchkey_domain::token::hash_token(token.expose())), "the dump sees the token table");
}

/// Every stored row of every table, as text.
async fn dump_database(k: &Service) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        entity::account::Entity::find().all(&k.db).await.unwrap(),
        session::Entity::find().all(&k.db).await.unwrap(),
        reset_token::Entity::find().all(&k.db).await.unwrap(),
        mail_outbox::Entity::find().all(&k.db).await.unwrap(),
    )
}

#[tokio::test]
async fn the_worker_delivers_once_and_erases_the_link() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let link = requested_link(&k, 100).await;
    let (dir, files) = mail_dir();
    assert_eq!(k.deliver_due_mail(&files, || 101).await.unwrap(), 1);
    assert_eq!(k.deliver_due_mail(&files, || 102).await.unwrap(), 0, "sent once");
    let sent = reset_email_row(&k).await;
    assert_eq!(sent.sent_at, Some(101));
    assert!(sent.sealed_payload.is_none(), "the link is erased once sent");
    let eml: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    assert_eq!(eml.len(), 1);
    assert!(eml[0].contains("Subject: Reset your Developer Portal password"));
    assert!(eml[0].contains("multipart/alternative"));
    let unfolded = eml[0].replace("=\r\n", "").replace("=3D", "=");
    assert!(unfolded.contains(link.expose()), "the email carries the link");
}

#[tokio::test]
async fn the_emails_are_written_in_the_language_they_were_asked_in() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let german = latchkey_domain::audit::Client { language: Some("de".into()), ..ANON.clone() };
    // Asked in English first, then in German: the link's email follows the latest request.
    k.request_reset(EMAIL, &ANON, 100).await.unwrap();
    k.request_reset(EMAIL, &german, 100).await.unwrap();
    k.fulfil_reset_requests(100).await.unwrap();
    let links = queued(&k, MailKind::ResetLink).await;
    assert_eq!(links.iter().map(|l| l.language.as_deref()).collect::<Vec<_>>(), [Some("de"), Some("de")]);
    let last = links.last().unwrap();
    let token = token_of(&k.seal_key.open(last.sealed_payload.as_deref().unwrap(), &last.recipient).unwrap());
    k.reset_password(&token, &secret(NEW_PASSWORD), &secret(NEW_PASSWORD), &german, 110).await.unwrap();
    assert_eq!(queued(&k, MailKind::PasswordChanged).await[0].language.as_deref(), Some("de"));

    let (dir, files) = mail_dir();
    assert_eq!(k.deliver_due_mail(&files, || 111).await.unwrap(), 3);
    let eml: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let unfolded: Vec<String> = eml.iter().map(|m| m.replace("=\r\n", "").replace("=3D", "=")).collect();
    assert_eq!(unfolded.iter().filter(|m| m.contains("60 Minuten lang g")).count(), 2, "{unfolded:?}");
    assert!(unfolded.iter().any(|m| m.contains("alle anderen Sitzungen wurden abgemeldet")), "{unfolded:?}");
}

#[tokio::test]
async fn an_smtp_outage_delays_mail_without_losing_it() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    requested_link(&k, 100).await;
    // Nothing listens on port 9 of the loopback interface.
    let down = unreachable_smtp();
    assert_eq!(k.deliver_due_mail(&down, || 101).await.unwrap(), 0);
    let row = reset_email_row(&k).await;
    assert_eq!(row.attempts, 1);
    assert!(row.next_attempt_at > 101 && row.sent_at.is_none() && row.failed_at.is_none());
    assert!(row.sealed_payload.is_some(), "still deliverable");
    // Not retried before its time, delivered once the server is back.
    let (_dir, up) = mail_dir();
    assert_eq!(k.deliver_due_mail(&up, || 102).await.unwrap(), 0);
    assert_eq!(k.deliver_due_mail(&up, || row.next_attempt_at).await.unwrap(), 1);
}

#[tokio::test]
async fn an_admin_link_works_without_email_and_revokes_earlier_links() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let emailed = token_of(&requested_link(&k, 100).await);
    let admin = token_of(&k.admin_reset_link("DEV@example.com", 200).await.unwrap().unwrap());
    assert!(k.admin_reset_link("nobody@example.com", 200).await.unwrap().is_none());
    assert!(matches!(reset(&k, &emailed, 210).await, Err(ResetError::InvalidLink)));
    reset(&k, &admin, 220).await.unwrap();
}

#[tokio::test]
async fn common_passwords_are_refused_on_reset() {
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    let common = k.reset_password(&token, &secret("Password1234"), &secret("Password1234"), &ANON, 110).await;
    assert!(matches!(&common, Err(ResetError::Rejected(p)) if p == &vec![PasswordProblem::TooCommon]));
}

async fn reset_email_row(k: &Service) -> mail_outbox::Model {
    queued(k, MailKind::ResetLink).await.into_iter().next().expect("a reset email")
}

#[tokio::test]
async fn mail_that_keeps_failing_is_given_up_listed_and_can_be_retried() {
    use latchkey_domain::mail::outbox::{self, Retry};
    let t = TestDb::new().await;
    let k = with_account(&t).await;
    let token = token_of(&requested_link(&k, 100).await);
    reset(&k, &token, 110).await.unwrap(); // queues "password changed" as well
    let down = unreachable_smtp();
    let mut now = 120;
    for _ in 0..worker::MAX_ATTEMPTS {
        k.deliver_due_mail(&down, || now).await.unwrap();
        now += 10_000; // past any backoff
    }
    let failed = outbox::list(&k.db, true, 10).await.unwrap();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed.iter().all(|m| m.sealed_payload.is_none()), "no link stays readable");
    let (changed, link) = match failed[0].kind {
        MailKind::PasswordChanged => (&failed[0], &failed[1]),
        _ => (&failed[1], &failed[0]),
    };
    assert_eq!(outbox::retry(&k.db, link.id, now).await.unwrap(), Retry::LinkErased);
    assert_eq!(outbox::retry(&k.db, changed.id, now).await.unwrap(), Retry::Queued);
    assert_eq!(outbox::retry(&k.db, changed.id, now).await.unwrap(), Retry::NotFailed);
    assert_eq!(outbox::retry(&k.db, 999_999, now).await.unwrap(), Retry::NoSuchMessage);
    let (_dir, files) = mail_dir();
    assert_eq!(k.deliver_due_mail(&files, || now).await.unwrap(), 1);
}

#[tokio::test]
async fn a_claim_outlasts_one_send_and_no_more() {
    use latchkey_domain::mail::{outbox, transport::SEND_TIMEOUT_SECONDS};
    use sea_orm::ActiveModelTrait;
    let t = TestDb::new().await;
    let k = t.latchkey();
    for i in 0..3 {
        outbox::message(&k.seal_key, MailKind::PasswordChanged, &format!("p{i}@example.com"), None, None, 100)
            .unwrap()
            .insert(&k.db)
            .await
            .unwrap();
    }
    let kinds = [MailKind::PasswordChanged];
    let first = outbox::claim_due(&k.db, &kinds, 1, 100).await.unwrap();
    assert_eq!(first.len(), 1);
    // A slow SMTP server takes the whole timeout: while the worker may still be sending that one
    // message, no other worker takes it; the messages it has not claimed yet are anyone's.
    let slowest_send_end = 100 + SEND_TIMEOUT_SECONDS as i64;
    let others = outbox::claim_due(&k.db, &kinds, 10, slowest_send_end).await.unwrap();
    assert_eq!(others.len(), 2);
    assert!(others.iter().all(|row| row.id != first[0].id));
    // A worker that died mid-send leaves its message to others within a minute.
    const { assert!(outbox::LEASE_SECONDS <= 60) };
    let again = outbox::claim_due(&k.db, &kinds, 10, 100 + outbox::LEASE_SECONDS).await.unwrap();
    assert_eq!(again.iter().map(|row| row.id).collect::<Vec<_>>(), vec![first[0].id]);
}

#[tokio::test]
async fn an_invitation_emails_a_set_password_link_valid_for_the_invite_ttl() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    let new =
        NewAccount { email: "new@example.com".into(), name: Some("New".into()), role: Role::Consumer, password: None };
    let account = k.invite(new, &ANON, 100).await.unwrap();
    assert!(account.password_hash.is_none(), "no password until the person chooses one");
    let (_dir, files) = mail_dir();
    assert_eq!(k.deliver_due_mail(&files, || 101).await.unwrap(), 1);
    let sent = queued(&k, MailKind::Invitation).await;
    assert_eq!(sent.len(), 1);
    let eml = std::fs::read_dir(_dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(eml.contains("Subject: You're invited to Developer Portal"), "{eml}");
    assert!(eml.contains("7 days"), "{eml}");
    let unfolded = eml.replace("=\r\n", "").replace("=3D", "=");
    let start = unfolded.find("token=").unwrap() + "token=".len();
    let token: String =
        unfolded[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    let ttl = k.config.limits.invite_ttl;
    assert!(k.check_reset_link(&token, 100 + ttl - 1).await.unwrap().is_some());
    assert!(k.check_reset_link(&token, 100 + ttl).await.unwrap().is_none(), "expires with the invite TTL");
    reset(&k, &secret(&token), 200).await.unwrap();
    assert!(k.login("new@example.com", &secret(NEW_PASSWORD), &ANON, 201).await.is_ok());
    let again = NewAccount { email: "NEW@example.com".into(), name: None, role: Role::Owner, password: None };
    assert!(matches!(k.invite(again, &ANON, 300).await, Err(latchkey_domain::accounts::AddAccountError::Duplicate)));
}
