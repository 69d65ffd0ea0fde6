#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Passkeys: adding one behind a recent sign-in, signing in with one (on its own, or as the
//! second step after a password), each challenge answering once, the origin and the signature
//! counter checked, removal, and an API Owner's reset. The passkey is a software one
//! (`latchkey_test_support::passkey`) that signs as an authenticator would.
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, secret};
use entity::{AuditKind, MailKind, audit_event};
use latchkey_domain::{
    accounts::{NewAccount, Role},
    config::Config,
    login::{LoginError, SignedIn},
    second_factor::{FactorError, Method, passkeys::PasskeySignInError},
};
use latchkey_test_support::passkey::SoftPasskey;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const EMAIL: &str = "dev@example.com";
const ORIGIN: &str = "http://localhost:3000";
const T0: i64 = 1_800_000_000;

/// A service at `http://localhost:3000` (a relying party id passkeys can have) with one account.
async fn service(t: &TestDb) -> Service {
    let mut config = Config::defaults();
    config.http.base_url = url::Url::parse(ORIGIN).unwrap();
    let k = t.latchkey_with(config);
    let new = NewAccount {
        email: EMAIL.into(),
        name: Some("Dev".into()),
        role: Role::Consumer,
        password: Some(secret(GOOD_PASSWORD)),
    };
    k.add_account(new, 0).await.unwrap();
    k
}

async fn login(k: &Service, now: i64) -> Result<SignedIn, LoginError> {
    k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, now).await
}

/// The account with a passkey named "Laptop", added at `T0` in a session that signed in then.
async fn with_passkey(t: &TestDb) -> (Service, SoftPasskey) {
    let k = service(t).await;
    let session = login(&k, T0).await.unwrap().session;
    let mut passkey = SoftPasskey::new("localhost", ORIGIN);
    let options = k.begin_adding_passkey(session.expose(), "Laptop", T0).await.unwrap();
    k.add_passkey(session.expose(), "Laptop", &passkey.create(&options), &ANON, T0).await.unwrap();
    (k, passkey)
}

/// A sign-in with `passkey`: the server's options, the passkey's answer, the server's verdict.
async fn sign_in(k: &Service, passkey: &mut SoftPasskey, now: i64) -> Result<SignedIn, PasskeySignInError> {
    let options = k.begin_passkey_sign_in(now).await.unwrap();
    k.passkey_sign_in(&passkey.get(&options), None, &ANON, now).await
}

async fn amr(k: &Service, signed_in: &SignedIn, now: i64) -> String {
    k.live_session(signed_in.session.expose(), now).await.unwrap().unwrap().amr
}

async fn audited(k: &Service, kind: AuditKind) -> u64 {
    audit_event::Entity::find().filter(audit_event::Column::Kind.eq(kind)).count(&k.db).await.unwrap()
}

#[tokio::test]
async fn adding_a_passkey_needs_a_recent_sign_in_and_mails_the_person() {
    let t = TestDb::new().await;
    let k = service(&t).await;
    let session = login(&k, T0).await.unwrap().session;
    let later = T0 + 11 * 60;
    assert!(matches!(
        k.begin_adding_passkey(session.expose(), "Laptop", later).await,
        Err(FactorError::NeedsRecentSignIn)
    ));
    assert!(matches!(k.begin_adding_passkey(session.expose(), "  ", T0).await, Err(FactorError::PasskeyName)));

    let mut passkey = SoftPasskey::new("localhost", ORIGIN);
    let options = k.begin_adding_passkey(session.expose(), "Laptop", T0).await.unwrap();
    let added = k.add_passkey(session.expose(), " Laptop ", &passkey.create(&options), &ANON, T0).await.unwrap();
    assert_eq!((added.name.as_str(), added.created_at, added.last_used_at), ("Laptop", T0, None));
    let overview = k.security_overview(session.expose(), T0).await.unwrap();
    assert_eq!(overview.passkeys, vec![added]);
    assert_eq!(common::queued(&k, MailKind::PasskeyAdded).await.len(), 1);
    assert_eq!(audited(&k, AuditKind::PasskeyAdded).await, 1);
}

#[tokio::test]
async fn a_registration_answers_its_own_challenge_once() {
    let t = TestDb::new().await;
    let k = service(&t).await;
    let session = login(&k, T0).await.unwrap().session;
    let mut passkey = SoftPasskey::new("localhost", ORIGIN);
    let options = k.begin_adding_passkey(session.expose(), "Laptop", T0).await.unwrap();
    let answer = passkey.create(&options);
    k.add_passkey(session.expose(), "Laptop", &answer, &ANON, T0).await.unwrap();
    assert!(matches!(
        k.add_passkey(session.expose(), "Again", &answer, &ANON, T0).await,
        Err(FactorError::PasskeyRefused)
    ));

    let mut elsewhere = SoftPasskey::new("localhost", "http://evil.example");
    let options = k.begin_adding_passkey(session.expose(), "Phone", T0).await.unwrap();
    assert!(matches!(
        k.add_passkey(session.expose(), "Phone", &elsewhere.create(&options), &ANON, T0).await,
        Err(FactorError::PasskeyRefused)
    ));
    assert_eq!(k.security_overview(session.expose(), T0).await.unwrap().passkeys.len(), 1);
}

#[tokio::test]
async fn a_passkey_signs_in_on_its_own_as_two_factors() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    let now = T0 + 60;
    let signed_in = sign_in(&k, &mut passkey, now).await.unwrap();
    assert_eq!(signed_in.account.email, EMAIL);
    assert_eq!(amr(&k, &signed_in, now).await, "hwk,mfa");
    let overview = k.security_overview(signed_in.session.expose(), now).await.unwrap();
    assert_eq!(overview.passkeys[0].last_used_at, Some(now));
    assert!(overview.recent_sign_in, "a passkey sign-in counts as a recent sign-in");
    assert_eq!(audited(&k, AuditKind::PasskeyUsed).await, 1);
}

#[tokio::test]
async fn a_sign_in_challenge_answers_once_and_only_in_time() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    let now = T0 + 60;
    let options = k.begin_passkey_sign_in(now).await.unwrap();
    let answer = passkey.get(&options);
    k.passkey_sign_in(&answer, None, &ANON, now).await.unwrap();
    assert!(matches!(k.passkey_sign_in(&answer, None, &ANON, now).await, Err(PasskeySignInError::Refused)));

    let options = k.begin_passkey_sign_in(now).await.unwrap();
    let late = now + 5 * 60;
    assert!(matches!(
        k.passkey_sign_in(&passkey.get(&options), None, &ANON, late).await,
        Err(PasskeySignInError::Refused)
    ));
}

#[tokio::test]
async fn an_answer_from_another_origin_or_a_cloned_passkey_is_refused() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    let now = T0 + 60;
    let mut phished = passkey.clone_of();
    phished.origin = "http://evil.example".into();
    assert!(matches!(sign_in(&k, &mut phished, now).await, Err(PasskeySignInError::Refused)));

    let mut clone = passkey.clone_of();
    passkey.counter = 5;
    sign_in(&k, &mut passkey, now).await.unwrap();
    // The clone's counter is behind what the server has seen.
    assert!(matches!(sign_in(&k, &mut clone, now).await, Err(PasskeySignInError::Refused)));
    assert_eq!(audited(&k, AuditKind::PasskeyFailed).await, 2);
}

#[tokio::test]
async fn a_password_login_asks_for_the_passkey_and_the_passkey_finishes_it() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    let now = T0 + 60;
    let step = match login(&k, now).await {
        Err(LoginError::SecondStepNeeded(step)) => step,
        _ => panic!("the password alone signed in to an account with a passkey"),
    };
    assert_eq!(step.methods, vec![Method::Passkey]);
    assert_eq!(k.pending_login(step.token.expose(), now).await.unwrap(), Some(vec![Method::Passkey]));
    let options = k.begin_passkey_sign_in(now).await.unwrap();
    let signed_in = k.passkey_sign_in(&passkey.get(&options), Some(step.token.expose()), &ANON, now).await.unwrap();
    assert_eq!(amr(&k, &signed_in, now).await, "pwd,hwk,mfa");
    assert_eq!(k.pending_login(step.token.expose(), now).await.unwrap(), None, "the step is over");
}

#[tokio::test]
async fn a_removed_passkey_no_longer_signs_in() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    let signed_in = sign_in(&k, &mut passkey, T0 + 60).await.unwrap();
    let token = signed_in.session.expose();
    let id = k.security_overview(token, T0 + 60).await.unwrap().passkeys[0].id;
    assert!(matches!(k.remove_passkey(token, id, &ANON, T0 + 60 + 11 * 60).await, Err(FactorError::NeedsRecentSignIn)));
    assert!(matches!(k.remove_passkey(token, id + 1, &ANON, T0 + 60).await, Err(FactorError::NoSuchPasskey)));
    k.remove_passkey(token, id, &ANON, T0 + 60).await.unwrap();
    assert_eq!(common::queued(&k, MailKind::PasskeyRemoved).await.len(), 1);
    assert!(matches!(sign_in(&k, &mut passkey, T0 + 120).await, Err(PasskeySignInError::Refused)));
    assert!(login(&k, T0 + 120).await.is_ok(), "without a factor the password alone signs in again");
}

#[tokio::test]
async fn an_owners_reset_removes_the_passkeys_and_a_disabled_account_cannot_use_one() {
    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    k.reset_second_factor(EMAIL, &ANON, T0 + 60).await.unwrap();
    assert!(matches!(sign_in(&k, &mut passkey, T0 + 60).await, Err(PasskeySignInError::Refused)));
    assert_eq!(common::queued(&k, MailKind::SecondFactorOff).await.len(), 1);

    let t = TestDb::new().await;
    let (k, mut passkey) = with_passkey(&t).await;
    k.disable_account(EMAIL, &ANON, T0 + 60).await.unwrap();
    assert!(matches!(sign_in(&k, &mut passkey, T0 + 60).await, Err(PasskeySignInError::Refused)));
}

#[tokio::test]
async fn passkeys_need_a_base_url_with_a_domain_name() {
    let t = TestDb::new().await;
    let mut config = Config::defaults();
    config.http.base_url = url::Url::parse("http://127.0.0.1:3000").unwrap();
    let k = t.latchkey_with(config);
    assert!(matches!(k.begin_passkey_sign_in(T0).await, Err(PasskeySignInError::Unavailable)));
}
