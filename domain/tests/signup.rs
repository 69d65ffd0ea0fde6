#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, confirmation_link, queued, secret, token_of};
use entity::account;
use latchkey_domain::{
    accounts::{NewAccount, Role, Status},
    config::{Config, SignupMode},
    login::LoginError,
    mail::MailKind,
    signup::{Confirmed, NewSignup, SignupError, UNCONFIRMED_KEPT_SECONDS},
};
use sea_orm::{EntityTrait, PaginatorTrait};

const EMAIL: &str = "new.dev@example.com";
const OWNER: &str = "owner@example.com";

fn with_mode(t: &TestDb, mode: SignupMode) -> Service {
    let mut config = Config::defaults();
    config.signup.mode = mode;
    t.latchkey_with(config)
}

fn new_signup(email: &str, password: &str) -> NewSignup {
    NewSignup { name: "New Dev".into(), email: email.into(), password: secret(password), confirm: secret(password) }
}

async fn status(k: &Service, email: &str) -> Option<Status> {
    latchkey_domain::accounts::find_by_email(&k.db, email).await.unwrap().map(|a| Status::of(&a))
}

async fn add_owner(k: &Service) {
    let new = NewAccount { email: OWNER.into(), name: None, role: Role::Owner, password: Some(secret(GOOD_PASSWORD)) };
    k.add_account(new, 0).await.unwrap();
}

#[tokio::test]
async fn with_sign_up_off_nothing_is_created() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    let refused = k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await;
    assert!(matches!(refused, Err(SignupError::Off)), "{refused:?}");
    assert_eq!(account::Entity::find().count(&k.db).await.unwrap(), 0);
}

#[tokio::test]
async fn open_sign_up_needs_the_confirmation_before_a_login() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Open);
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, Some(Status::Unconfirmed));
    // Unconfirmed: the right password gets the wrong password's answer.
    let login = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 110).await;
    assert!(matches!(login, Err(LoginError::InvalidCredentials)), "{:?}", login.err());

    let link = confirmation_link(&k, EMAIL).await;
    assert!(link.expose().starts_with("http://127.0.0.1:3000/auth/confirm?token="), "{}", link.expose());
    let token = token_of(&link);
    // Opening the link uses nothing; a confirmation link is no reset link.
    for _ in 0..3 {
        assert_eq!(k.check_confirm_link(token.expose(), 120).await.unwrap().unwrap().email, EMAIL);
    }
    assert!(k.check_reset_link(token.expose(), 120).await.unwrap().is_none());
    assert_eq!(k.confirm_signup(&token, &ANON, 130).await.unwrap(), Confirmed::Ready);
    // Confirming twice is harmless; the link cannot be opened again.
    assert_eq!(k.confirm_signup(&token, &ANON, 140).await.unwrap(), Confirmed::Ready);
    assert!(k.check_confirm_link(token.expose(), 140).await.unwrap().is_none());

    let signed_in = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 150).await.unwrap();
    assert_eq!(signed_in.account.role, Role::Consumer);
    assert_eq!(status(&k, EMAIL).await, Some(Status::Active));
    // The first login from wherever: no "new sign-in" email.
    assert!(queued(&k, MailKind::NewSignIn).await.is_empty());
}

#[tokio::test]
async fn an_existing_address_gets_the_same_answer_an_email_and_no_change() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Open);
    add_owner(&k).await;
    for n in 0..5 {
        k.sign_up(new_signup(OWNER, "another fine passphrase"), &ANON, 100 + n).await.unwrap();
    }
    // The owner's account is as it was: same role, same password.
    assert_eq!(account::Entity::find().count(&k.db).await.unwrap(), 1);
    assert!(k.login(OWNER, &secret(GOOD_PASSWORD), &ANON, 200).await.is_ok());
    assert!(queued(&k, MailKind::SignupConfirm).await.is_empty());
    // "Someone tried …", within the mail cap.
    assert_eq!(queued(&k, MailKind::SignupExisting).await.len(), 3);
}

#[tokio::test]
async fn a_later_sign_up_of_an_unconfirmed_address_changes_nothing_and_a_reset_confirms_it() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Open);
    // Somebody signs up with another person's address first.
    k.sign_up(new_signup(EMAIL, "the squatter's passphrase"), &ANON, 100).await.unwrap();
    let squatters_link = token_of(&confirmation_link(&k, EMAIL).await);
    // The owner of the address signs up: told by email, their password not taken.
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 110).await.unwrap();
    assert_eq!(queued(&k, MailKind::SignupExisting).await.len(), 1);
    // They reset the password through a link to their mailbox: that confirms the address.
    k.request_reset(EMAIL, &ANON, 120).await.unwrap();
    k.fulfil_reset_requests(120).await.unwrap();
    let reset = queued(&k, MailKind::ResetLink).await;
    let link = k.seal_key.open(reset[0].sealed_payload.as_deref().unwrap(), EMAIL).unwrap();
    k.reset_password(&token_of(&link), &secret(GOOD_PASSWORD), &secret(GOOD_PASSWORD), &ANON, 130).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, Some(Status::Active));
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 140).await.is_ok());
    // The squatter's link died with the reset.
    assert!(matches!(k.confirm_signup(&squatters_link, &ANON, 150).await, Err(SignupError::InvalidLink)));
}

#[tokio::test]
async fn only_the_allowed_domains_may_sign_up() {
    let t = TestDb::new().await;
    let mut config = Config::defaults();
    config.signup.mode = SignupMode::Open;
    config.signup.domains = vec!["example.com".into()];
    let k = t.latchkey_with(config);
    let refused = k.sign_up(new_signup("dev@elsewhere.org", GOOD_PASSWORD), &ANON, 100).await;
    assert!(matches!(&refused, Err(SignupError::DomainNotAllowed(d)) if d == &["example.com"]), "{refused:?}");
    k.sign_up(new_signup("Dev@Example.COM", GOOD_PASSWORD), &ANON, 100).await.unwrap();
    assert_eq!(account::Entity::find().count(&k.db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_weak_or_mismatched_password_is_refused_before_anything_is_written() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Open);
    let weak = k.sign_up(new_signup(EMAIL, "short"), &ANON, 100).await;
    assert!(matches!(weak, Err(SignupError::Rejected(_))), "{weak:?}");
    let mut mismatched = new_signup(EMAIL, GOOD_PASSWORD);
    mismatched.confirm = secret("correct horse battery stapler");
    assert!(matches!(k.sign_up(mismatched, &ANON, 100).await, Err(SignupError::Rejected(_))));
    assert_eq!(account::Entity::find().count(&k.db).await.unwrap(), 0);
}

#[tokio::test]
async fn unconfirmed_sign_ups_are_removed_after_a_week() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Open);
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    k.sign_up(new_signup("confirmed@example.com", GOOD_PASSWORD), &ANON, 100).await.unwrap();
    let link = token_of(&confirmation_link(&k, "confirmed@example.com").await);
    k.confirm_signup(&link, &ANON, 200).await.unwrap();
    k.purge_expired(100 + UNCONFIRMED_KEPT_SECONDS - 1).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, Some(Status::Unconfirmed));
    k.purge_expired(100 + UNCONFIRMED_KEPT_SECONDS + 1).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, None);
    assert_eq!(status(&k, "confirmed@example.com").await, Some(Status::Active));
    // The address may sign up again.
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100 + UNCONFIRMED_KEPT_SECONDS + 2).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, Some(Status::Unconfirmed));
}

#[tokio::test]
async fn with_approval_an_owner_decides_and_the_person_is_told() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Approval);
    add_owner(&k).await;
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    let token = token_of(&confirmation_link(&k, EMAIL).await);
    assert_eq!(k.confirm_signup(&token, &ANON, 110).await.unwrap(), Confirmed::WaitingForApproval);
    assert_eq!(status(&k, EMAIL).await, Some(Status::Pending));
    // Every active owner is told, once.
    let waiting = queued(&k, MailKind::SignupWaiting).await;
    assert_eq!(waiting.iter().map(|m| m.recipient.as_str()).collect::<Vec<_>>(), [OWNER]);
    assert_eq!(
        k.seal_key.open(waiting[0].sealed_payload.as_deref().unwrap(), OWNER).unwrap().expose(),
        "New Dev <new.dev@example.com>"
    );
    assert_eq!(k.confirm_signup(&token, &ANON, 120).await.unwrap(), Confirmed::WaitingForApproval);
    assert_eq!(queued(&k, MailKind::SignupWaiting).await.len(), 1);
    // Pending: the wrong password's answer.
    assert!(matches!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 130).await, Err(LoginError::InvalidCredentials)));
    assert_eq!(k.pending_signups(10).await.unwrap().len(), 1);

    let owner = latchkey_domain::accounts::find_by_email(&k.db, OWNER).await.unwrap().unwrap();
    let by_owner = ANON.clone().acting_as(&owner);
    k.approve_signup(EMAIL, &by_owner, 140).await.unwrap();
    assert_eq!(queued(&k, MailKind::SignupApproved).await.len(), 1);
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 150).await.is_ok());
    assert!(k.pending_signups(10).await.unwrap().is_empty());
    // Only a pending account can be approved or declined.
    assert!(k.approve_signup(EMAIL, &by_owner, 160).await.is_err());
    assert!(k.decline_signup(OWNER, &by_owner, 160).await.is_err());
}

#[tokio::test]
async fn a_declined_sign_up_is_removed_and_told() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Approval);
    add_owner(&k).await;
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    let token = token_of(&confirmation_link(&k, EMAIL).await);
    k.confirm_signup(&token, &ANON, 110).await.unwrap();
    k.decline_signup(EMAIL, &ANON, 120).await.unwrap();
    assert_eq!(status(&k, EMAIL).await, None);
    assert_eq!(queued(&k, MailKind::SignupDeclined).await[0].recipient, EMAIL);
}

#[tokio::test]
async fn mail_of_every_sign_up_kind_renders() {
    let t = TestDb::new().await;
    let k = with_mode(&t, SignupMode::Approval);
    add_owner(&k).await;
    k.sign_up(new_signup(EMAIL, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    k.sign_up(new_signup(OWNER, GOOD_PASSWORD), &ANON, 100).await.unwrap();
    let token = token_of(&confirmation_link(&k, EMAIL).await);
    k.confirm_signup(&token, &ANON, 110).await.unwrap();
    k.approve_signup(EMAIL, &ANON, 120).await.unwrap();
    let (_dir, transport) = common::mail_dir();
    let sent = k.deliver_due_mail(&transport, || 130).await.unwrap();
    assert_eq!(sent, 4, "confirmation, someone tried, waiting, approved");
}
