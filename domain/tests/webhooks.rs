#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Webhooks (CONTRACT.md §15) against a receiver on a loopback port: what is queued with each
//! change, the signed posts, retries with the same id, order per account, giving up after three
//! days and `retry`. Time is passed in, never slept through.
mod common;

use std::{
    convert::Infallible,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
};

use common::{ANON, GOOD_PASSWORD, Service, TestDb, confirmation_link, secret, token_of, totp_code};
use entity::webhook_delivery;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, body::Incoming};
use hyper_util::rt::TokioIo;
use latchkey_domain::{
    accounts::{NewAccount, Role},
    config::{Config, SignupMode, Webhook},
    signup::{NewSignup, UNCONFIRMED_KEPT_SECONDS},
    webhooks::{GIVE_UP_AFTER_SECONDS, Transport, WebhookEvent, WebhookRetry, delivery::signature},
};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::Value;
use url::Url;

const KEY: [u8; 32] = [7; 32];
const DEV: &str = "dev@example.com";

/// What the receiver was sent: the three Standard Webhooks headers and the body.
#[derive(Clone, Debug)]
struct Post {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

/// A webhook receiver on a loopback port that records every post and answers `status`.
struct Receiver {
    url: Url,
    posts: Arc<Mutex<Vec<Post>>>,
    status: Arc<AtomicU16>,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}/hooks?from=latchkey", listener.local_addr().unwrap())).unwrap();
        let posts = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let (recorded, answer) = (posts.clone(), status.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (recorded, answer) = (recorded.clone(), answer.clone());
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let (recorded, answer) = (recorded.clone(), answer.clone());
                    async move {
                        assert_eq!(request.uri(), "/hooks?from=latchkey");
                        let header = |name| request.headers()[name].to_str().unwrap().to_owned();
                        let (id, timestamp, signature) =
                            (header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"));
                        assert_eq!(header("content-type"), "application/json");
                        let body = request.into_body().collect().await.unwrap().to_bytes();
                        let body = String::from_utf8(body.to_vec()).unwrap();
                        recorded.lock().unwrap().push(Post { id, timestamp, signature, body });
                        let response = Response::builder().status(answer.load(Ordering::SeqCst));
                        Ok::<_, Infallible>(response.body(Full::new(bytes::Bytes::new())).unwrap())
                    }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        Receiver { url, posts, status }
    }

    fn posts(&self) -> Vec<Post> {
        self.posts.lock().unwrap().clone()
    }
}

fn with_webhook(t: &TestDb, url: &Url) -> Service {
    t.latchkey_with(webhook_config(url))
}

fn webhook_config(url: &Url) -> Config {
    let mut config = Config::defaults();
    config.webhook = Some(Webhook { url: url.clone(), secret: latchkey_domain::secret::Secret::new(KEY.to_vec()) });
    config
}

/// The events queued about `email`, oldest first.
async fn events_of(k: &Service, email: &str) -> Vec<WebhookEvent> {
    let quoted = format!("\"{email}\"");
    deliveries(k).await.into_iter().filter(|row| row.payload.contains(&quoted)).map(|row| row.event).collect()
}

/// Where nothing listens: port 9 of the loopback interface.
fn nowhere() -> Url {
    Url::parse("http://127.0.0.1:9/hooks").unwrap()
}

async fn deliveries(k: &Service) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find().order_by_asc(webhook_delivery::Column::Id).all(&k.db).await.unwrap()
}

fn invited(email: &str) -> NewAccount {
    NewAccount { email: email.into(), name: Some("Dev".into()), role: Role::Consumer, password: None }
}

/// Invites `email` and lets the person choose a first password through the invitation.
async fn invite_and_accept(k: &Service, email: &str, now: i64) {
    k.invite(invited(email), &ANON, now).await.unwrap();
    let link = k.admin_reset_link(email, now).await.unwrap().unwrap();
    k.reset_password(&token_of(&link), &secret(GOOD_PASSWORD), &secret(GOOD_PASSWORD), &ANON, now).await.unwrap();
}

#[tokio::test]
async fn without_a_url_nothing_is_queued() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    invite_and_accept(&k, DEV, 100).await;
    assert!(deliveries(&k).await.is_empty());
}

#[tokio::test]
async fn each_change_queues_its_event_naming_the_account_and_nothing_secret() {
    let t = TestDb::new().await;
    let k = with_webhook(&t, &nowhere());
    // Another owner, so that this one may be disabled and deleted (adding reports nothing).
    let owner = NewAccount { role: Role::Owner, password: Some(secret(GOOD_PASSWORD)), ..invited("owner@example.com") };
    k.add_account(owner, 99).await.unwrap();
    invite_and_accept(&k, DEV, 100).await;
    k.set_role(DEV, Role::Owner, &ANON, 101).await.unwrap();
    k.disable_account(DEV, &ANON, 102).await.unwrap();
    k.enable_account(DEV, &ANON, 103).await.unwrap();
    let link = k.admin_reset_link(DEV, 104).await.unwrap().unwrap();
    k.reset_password(
        &token_of(&link),
        &secret("another fine passphrase"),
        &secret("another fine passphrase"),
        &ANON,
        104,
    )
    .await
    .unwrap();
    // Refused changes report nothing.
    assert!(k.set_role("nobody@example.com", Role::Owner, &ANON, 105).await.is_err());
    k.delete_account(DEV, &ANON, 106).await.unwrap();

    let rows = deliveries(&k).await;
    let events: Vec<_> = rows.iter().map(|row| row.event).collect();
    assert_eq!(
        events,
        [
            WebhookEvent::Invited,
            WebhookEvent::Activated,
            WebhookEvent::RoleChanged,
            WebhookEvent::Disabled,
            WebhookEvent::Enabled,
            WebhookEvent::PasswordReset,
            WebhookEvent::Deleted,
        ]
    );
    let role_changed: Value = serde_json::from_str(&rows[2].payload).unwrap();
    assert_eq!(role_changed["type"], "account.role_changed");
    assert_eq!(role_changed["timestamp"], "1970-01-01T00:01:41Z");
    assert_eq!(role_changed["data"], serde_json::json!({"account": rows[0].account_id, "email": DEV, "role": "owner"}));
    for row in &rows {
        assert!(row.message_id.starts_with("msg_"), "{}", row.message_id);
        assert!(!row.payload.contains("token") && !row.payload.contains("http"), "{}", row.payload);
        assert!(!row.payload.contains(GOOD_PASSWORD) && !row.payload.contains("$argon2"), "{}", row.payload);
    }
    let ids: std::collections::HashSet<_> = rows.iter().map(|row| &row.message_id).collect();
    assert_eq!(ids.len(), rows.len(), "each event has an id of its own");
}

#[tokio::test]
async fn sign_ups_second_factors_and_password_changes_are_reported() {
    const T0: i64 = 1_800_000_000;
    let t = TestDb::new().await;
    let mut config = webhook_config(&nowhere());
    config.signup.mode = SignupMode::Approval;
    let k = t.latchkey_with(config);
    let owner = NewAccount { role: Role::Owner, password: Some(secret(GOOD_PASSWORD)), ..invited("owner@example.com") };
    k.add_account(owner, T0).await.unwrap();
    for email in [DEV, "declined@example.com", "silent@example.com"] {
        let new = NewSignup {
            name: "New Dev".into(),
            email: email.into(),
            password: secret(GOOD_PASSWORD),
            confirm: secret(GOOD_PASSWORD),
        };
        k.sign_up(new, &ANON, T0).await.unwrap();
    }
    for email in [DEV, "declined@example.com"] {
        k.confirm_signup(&token_of(&confirmation_link(&k, email).await), &ANON, T0).await.unwrap();
    }
    k.approve_signup(DEV, &ANON, T0).await.unwrap();
    k.decline_signup("declined@example.com", &ANON, T0).await.unwrap();

    let session = k.login(DEV, &secret(GOOD_PASSWORD), &ANON, T0).await.unwrap().session;
    let setup = k.app_setup(session.expose(), None, T0).await.unwrap();
    let code = totp_code(setup.secret.expose(), T0);
    k.turn_on_app(session.expose(), &setup.sealed, &code, &ANON, T0).await.unwrap();
    k.turn_off_app(session.expose(), &ANON, T0).await.unwrap();
    let new_password = secret("another brand new passphrase");
    k.change_password(session.expose(), &secret(GOOD_PASSWORD), &new_password, &new_password, &ANON, T0).await.unwrap();
    k.purge_expired(T0 + UNCONFIRMED_KEPT_SECONDS + 1).await.unwrap();

    use WebhookEvent::*;
    assert_eq!(
        events_of(&k, DEV).await,
        [SignedUp, Confirmed, Approved, SecondFactorAdded, SecondFactorRemoved, PasswordChanged]
    );
    assert_eq!(events_of(&k, "declined@example.com").await, [SignedUp, Confirmed, Declined]);
    // A sign-up never confirmed is removed after a week, and reported so.
    assert_eq!(events_of(&k, "silent@example.com").await, [SignedUp, Deleted]);
    // The owner's sign-up notice and the like are mail, not events.
    assert!(events_of(&k, "owner@example.com").await.is_empty());
}

#[tokio::test]
async fn a_refused_post_is_retried_with_the_same_id_and_body_and_nothing_overtakes_it() {
    let t = TestDb::new().await;
    let receiver = Receiver::start().await;
    let k = with_webhook(&t, &receiver.url);
    let transport = Transport::new().unwrap();
    invite_and_accept(&k, DEV, 100).await;
    invite_and_accept(&k, "other@example.com", 100).await;

    receiver.status.store(503, Ordering::SeqCst);
    assert_eq!(k.deliver_due_webhooks(&transport, || 200).await.unwrap(), 0);
    // One attempt per account: each account's second event waits behind its first.
    let refused = receiver.posts();
    assert_eq!(refused.len(), 2, "{refused:?}");
    let rows = deliveries(&k).await;
    assert_eq!(rows[0].attempts, 1);
    assert!(rows[0].next_attempt_at > 200 && rows[0].last_error.as_deref().unwrap().contains("503"), "{:?}", rows[0]);
    assert_eq!(rows[1].attempts, 0);
    // Not yet due: nothing is posted.
    assert_eq!(k.deliver_due_webhooks(&transport, || 201).await.unwrap(), 0);
    assert_eq!(receiver.posts().len(), 2);

    receiver.status.store(204, Ordering::SeqCst);
    assert_eq!(k.deliver_due_webhooks(&transport, || 300).await.unwrap(), 4);
    let posts = receiver.posts();
    let delivered = &posts[2..];
    assert_eq!(delivered.len(), 4);
    // The same id and body as the refused attempt, a new timestamp, signed afresh.
    assert_eq!(delivered[0].id, refused[0].id);
    assert_eq!(delivered[0].body, refused[0].body);
    assert_eq!(delivered[0].timestamp, "300");
    for post in &posts {
        let timestamp: i64 = post.timestamp.parse().unwrap();
        assert_eq!(post.signature, signature(&KEY, &post.id, timestamp, &post.body));
    }
    // In order per account.
    let of = |email: &str| -> Vec<String> {
        delivered
            .iter()
            .filter(|post| post.body.contains(email))
            .map(|post| serde_json::from_str::<Value>(&post.body).unwrap()["type"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(of(DEV), ["account.invited", "account.activated"]);
    assert_eq!(of("other@example.com"), ["account.invited", "account.activated"]);
    assert!(deliveries(&k).await.iter().all(|row| row.delivered_at == Some(300)));
    assert_eq!(k.webhook_depth().await.unwrap(), (0, 0));
}

#[tokio::test]
async fn a_receiver_down_for_three_days_fails_the_delivery_until_it_is_retried() {
    let t = TestDb::new().await;
    let receiver = Receiver::start().await;
    let k = with_webhook(&t, &nowhere());
    let transport = Transport::new().unwrap();
    k.invite(invited(DEV), &ANON, 100).await.unwrap();

    let mut now = 100;
    while deliveries(&k).await[0].failed_at.is_none() {
        now = deliveries(&k).await[0].next_attempt_at;
        assert_eq!(k.deliver_due_webhooks(&transport, || now).await.unwrap(), 0);
        assert!(now <= 100 + GIVE_UP_AFTER_SECONDS + 4500, "gave up too late: {now}");
    }
    assert!(now >= 100 + GIVE_UP_AFTER_SECONDS, "gave up too early: {now}");
    let failed = k.list_webhooks(true, 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].last_error.as_deref().unwrap().contains("cannot connect"), "{:?}", failed[0].last_error);
    assert_eq!(k.webhook_depth().await.unwrap(), (0, 1));
    // Failed for good: no more attempts.
    assert_eq!(k.deliver_due_webhooks(&transport, || now + 86_400).await.unwrap(), 0);

    assert_eq!(k.retry_webhook(failed[0].id, now).await.unwrap(), WebhookRetry::Queued);
    assert_eq!(k.retry_webhook(failed[0].id, now).await.unwrap(), WebhookRetry::NotFailed);
    assert_eq!(k.retry_webhook(999, now).await.unwrap(), WebhookRetry::NoSuchDelivery);
    // Now to a receiver that answers: the same service, the same queue, another URL.
    let k = with_webhook(&t, &receiver.url);
    assert_eq!(k.deliver_due_webhooks(&transport, || now).await.unwrap(), 1);
    assert_eq!(receiver.posts()[0].id, failed[0].message_id);
}

/// An https receiver must show a certificate that a public authority signed: one of its own
/// making is refused (the event waits, and the error says why), so nothing goes to whoever
/// answers on the receiver's address.
#[tokio::test]
async fn an_https_receiver_with_a_certificate_no_authority_signed_is_refused() {
    use tokio_rustls::{
        TlsAcceptor,
        rustls::{ServerConfig, crypto::ring, pki_types::PrivateKeyDer},
    };
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let key = PrivateKeyDer::try_from(made.signing_key.serialize_der()).unwrap();
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![made.cert.der().clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("https://localhost:{}/hooks", listener.local_addr().unwrap().port())).unwrap();
    let connections = Arc::new(AtomicU16::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            tokio::spawn(async move { acceptor.accept(stream).await });
        }
    });

    let t = TestDb::new().await;
    let k = with_webhook(&t, &url);
    k.invite(invited(DEV), &ANON, 100).await.unwrap();
    assert_eq!(k.deliver_due_webhooks(&Transport::new().unwrap(), || 100).await.unwrap(), 0);
    let row = &deliveries(&k).await[0];
    assert_eq!(connections.load(Ordering::SeqCst), 1, "the receiver was reached");
    assert!(row.last_error.as_deref().unwrap().contains("invalid peer certificate"), "{:?}", row.last_error);
    assert!(row.delivered_at.is_none() && row.failed_at.is_none() && row.attempts == 1);
}

#[tokio::test]
async fn delivered_events_are_kept_a_week() {
    let t = TestDb::new().await;
    let receiver = Receiver::start().await;
    let k = with_webhook(&t, &receiver.url);
    k.invite(invited(DEV), &ANON, 100).await.unwrap();
    k.deliver_due_webhooks(&Transport::new().unwrap(), || 100).await.unwrap();
    k.purge_expired(100 + 6 * 86_400).await.unwrap();
    assert_eq!(deliveries(&k).await.len(), 1);
    k.purge_expired(100 + 8 * 86_400).await.unwrap();
    assert!(deliveries(&k).await.is_empty());
}
