#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! Where an account is signed in (every session listed, each but this one ended on its own),
//! and the "new sign-in" email for a browser new to the account.
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, mail_dir, queued, secret, token_of};
use latchkey_domain::{
    accounts::{NewAccount, Role},
    audit::{AuditKind, Client},
    login::SignedIn,
    mail::MailKind,
    second_factor::FactorError,
    secret::Secret,
};

const EMAIL: &str = "dev@example.com";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn browser(ip: &str, user_agent: &str) -> Client {
    Client { ip: Some(ip.into()), user_agent: Some(user_agent.into()), ..Client::default() }
}

/// The same browser after its login: it holds that login's device cookie.
fn again(client: &Client, signed_in: &SignedIn) -> Client {
    Client { device: Some(signed_in.device.clone()), ..client.clone() }
}

async fn login(k: &Service, client: &Client, now: i64) -> SignedIn {
    k.login(EMAIL, &secret(GOOD_PASSWORD), client, now).await.unwrap()
}

/// The link in the newest queued message of `kind`.
async fn sealed(k: &Service, kind: MailKind) -> Secret<String> {
    let row = queued(k, kind).await.pop().unwrap();
    k.seal_key.open(row.sealed_payload.as_deref().unwrap(), &row.recipient).unwrap()
}

async fn new_sign_in_mails(k: &Service) -> usize {
    queued(k, MailKind::NewSignIn).await.len()
}

#[tokio::test]
async fn every_session_is_listed_with_where_it_signed_in_and_this_one_first() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, EMAIL, Role::Consumer).await;
    common::with_account(&t, "other@example.com", Role::Consumer).await;
    let laptop = login(&k, &browser("203.0.113.77", FIREFOX), 1_000).await;
    let phone = login(&k, &browser("2001:db8:1:2:3:4:5:6", CHROME), 2_000).await;
    k.login("other@example.com", &secret(GOOD_PASSWORD), &ANON, 2_500).await.unwrap();

    let listed = k.security_overview(laptop.session.expose(), 3_000).await.unwrap().sessions;
    assert_eq!(listed.len(), 2, "this account's sessions only: {listed:?}");
    let (here, there) = (&listed[0], &listed[1]);
    assert!(here.current && !there.current);
    assert_eq!(here.device.browser.as_deref(), Some("Firefox 133"));
    assert_eq!(here.device.system.as_deref(), Some("Linux"));
    assert_eq!(here.network.as_deref(), Some("203.0.113.0/24"), "never the address itself");
    assert_eq!((here.signed_in_at, here.last_seen_at), (1_000, 3_000), "looking at the list is using it");
    assert_eq!((there.signed_in_at, there.last_seen_at), (2_000, 2_000));
    assert_eq!(there.device.browser.as_deref(), Some("Chrome 131"));
    assert_eq!(there.network.as_deref(), Some("2001:db8:1:2::/64"));
    assert_ne!(here.handle, there.handle);
    assert!(!laptop.session.expose().starts_with(&here.handle), "the handle is no part of the token");

    // From the phone, the phone is first; an ended or idle session is not listed.
    let from_phone = k.security_overview(phone.session.expose(), 3_000).await.unwrap().sessions;
    assert!(from_phone[0].current && from_phone[0].handle == there.handle);
    let idle = k.session_timeouts().idle_timeout;
    k.security_overview(phone.session.expose(), 3_000 + idle / 2).await.unwrap();
    let later = k.security_overview(phone.session.expose(), 3_000 + idle + 1).await.unwrap().sessions;
    assert_eq!(later.len(), 1, "the laptop's session is idle past its timeout: {later:?}");
}

#[tokio::test]
async fn ending_another_session_signs_that_browser_out_at_once_and_is_audited() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, EMAIL, Role::Consumer).await;
    let other = common::with_account(&t, "other@example.com", Role::Consumer).await;
    let laptop = login(&k, &browser("203.0.113.77", FIREFOX), 1_000).await;
    let phone = login(&k, &browser("198.51.100.4", CHROME), 1_001).await;
    let someone = other.login("other@example.com", &secret(GOOD_PASSWORD), &ANON, 1_002).await.unwrap();
    let listed = k.security_overview(laptop.session.expose(), 1_010).await.unwrap().sessions;
    let (mine, phones) = (listed[0].handle.clone(), listed[1].handle.clone());
    let theirs = k.security_overview(someone.session.expose(), 1_010).await.unwrap().sessions[0].handle.clone();

    // Not this browser's own session, nor another account's, nor a handle made up.
    for handle in [mine.as_str(), theirs.as_str(), "", "zzzzzzzzzzzzzzzz", "0", &phones[..15], "%"] {
        k.end_session(laptop.session.expose(), handle, &ANON, 1_020).await.unwrap();
    }
    assert!(k.resume_session(laptop.session.expose(), 1_021).await.unwrap().is_some());
    assert!(k.resume_session(phone.session.expose(), 1_021).await.unwrap().is_some());
    assert!(k.resume_session(someone.session.expose(), 1_021).await.unwrap().is_some());

    let from = browser("203.0.113.77", FIREFOX);
    k.end_session(laptop.session.expose(), &phones, &from, 1_030).await.unwrap();
    assert!(k.resume_session(phone.session.expose(), 1_031).await.unwrap().is_none(), "ended at once");
    assert!(k.resume_session(laptop.session.expose(), 1_031).await.unwrap().is_some(), "this one stays");
    let event = &k.audit_events(Some(EMAIL), 1).await.unwrap()[0];
    assert_eq!(event.kind, AuditKind::SessionEnded);
    assert_eq!(event.actor.as_deref(), Some(EMAIL), "who ended it");
    assert_eq!(event.client_ip.as_deref(), Some("203.0.113.77"), "from where");
    // Ending it again is harmless and records nothing more.
    k.end_session(laptop.session.expose(), &phones, &from, 1_040).await.unwrap();
    assert_eq!(
        k.audit_events(Some(EMAIL), 10).await.unwrap().iter().filter(|e| e.kind == AuditKind::SessionEnded).count(),
        1
    );
    // Signed out, nothing can be ended.
    assert!(matches!(k.end_session("no such token", &mine, &ANON, 1_050).await, Err(FactorError::NotSignedIn)));
    assert_eq!(k.active_sessions(1_050).await.unwrap(), 2, "the laptop's and the other account's");
}

#[tokio::test]
async fn a_browser_new_to_the_account_has_the_person_told_once() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, EMAIL, Role::Consumer).await;
    let laptop = browser("203.0.113.77", FIREFOX);
    let first = login(&k, &laptop, 1_000).await;
    assert_eq!(new_sign_in_mails(&k).await, 0, "the account's first login is expected from a new browser");
    login(&k, &again(&laptop, &first), 1_100).await;
    assert_eq!(new_sign_in_mails(&k).await, 0, "a browser that logged in before");

    let german = Client { language: Some("de".into()), ..browser("198.51.100.4", CHROME) };
    login(&k, &german, 1_200).await;
    let mails = queued(&k, MailKind::NewSignIn).await;
    assert_eq!(mails.len(), 1);
    assert_eq!((mails[0].recipient.as_str(), mails[0].language.as_deref()), (EMAIL, Some("de")));

    let (dir, transport) = mail_dir();
    k.deliver_due_mail(&transport, || 1_201).await.unwrap();
    let sent = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    let sent = std::fs::read_to_string(sent).unwrap().replace("=\r\n", "").replace("=3D", "=");
    assert!(sent.contains("Chrome 131 auf Windows 10"), "{sent}");
    assert!(sent.contains("198.51.100.0/24") && !sent.contains("198.51.100.4"), "{sent}");
    assert!(sent.contains("1970-01-01 00:20 UTC"), "{sent}");
    assert!(sent.contains("http://127.0.0.1:3000/account/security"), "{sent}");
}

#[tokio::test]
async fn the_first_login_after_a_reset_or_an_invitation_sends_no_new_sign_in_email() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, EMAIL, Role::Consumer).await;
    login(&k, &ANON, 1_000).await;
    k.request_reset(EMAIL, &ANON, 1_100).await.unwrap();
    k.fulfil_reset_requests(1_100).await.unwrap();
    let link = sealed(&k, MailKind::ResetLink).await;
    let new = secret("a brand new passphrase");
    k.reset_password(&token_of(&link), &new, &new, &ANON, 1_200).await.unwrap();
    k.login(EMAIL, &new, &browser("198.51.100.4", CHROME), 1_300).await.unwrap();
    assert_eq!(new_sign_in_mails(&k).await, 0, "the person just reset the password: this login is theirs");
    k.login(EMAIL, &new, &browser("192.0.2.9", FIREFOX), 1_400).await.unwrap();
    assert_eq!(new_sign_in_mails(&k).await, 1, "only the first login after it");

    let invited = "invited@example.com";
    let invitation = NewAccount { email: invited.into(), name: None, role: Role::Consumer, password: None };
    k.invite(invitation, &ANON, 2_000).await.unwrap();
    let link = sealed(&k, MailKind::Invitation).await;
    k.reset_password(&token_of(&link), &new, &new, &ANON, 2_100).await.unwrap();
    k.login(invited, &new, &browser("198.51.100.4", CHROME), 2_200).await.unwrap();
    assert_eq!(new_sign_in_mails(&k).await, 1, "nor the first login of an invitation");
}

#[tokio::test]
async fn new_sign_in_emails_can_be_turned_off() {
    let t = TestDb::new().await;
    let mut config = latchkey_domain::config::Config::defaults();
    config.mail.new_device_email = false;
    let k = t.latchkey_with(config);
    let new =
        NewAccount { email: EMAIL.into(), name: None, role: Role::Consumer, password: Some(secret(GOOD_PASSWORD)) };
    k.add_account(new, 0).await.unwrap();
    login(&k, &ANON, 1_000).await;
    login(&k, &browser("198.51.100.4", CHROME), 1_100).await;
    assert_eq!(new_sign_in_mails(&k).await, 0);
}
