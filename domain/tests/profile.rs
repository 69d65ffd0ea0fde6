#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! What people change on their own account (password, name) and what API Owners do to others'.
mod common;

use common::{ANON, GOOD_PASSWORD, Service, TestDb, queued, secret};
use entity::reset_token;
use latchkey_domain::{
    account_admin::ManageError,
    accounts::{NewAccount, Role},
    audit::AuditKind,
    mail::MailKind,
    profile::{ChangePasswordError, RenameError},
    recovery::purge_old_links,
};
use latchkey_policy::{NameProblem, PasswordProblem};
use sea_orm::{EntityTrait, PaginatorTrait};

const EMAIL: &str = "dev@example.com";
const NEW_PASSWORD: &str = "a brand new passphrase";

async fn signed_in(t: &TestDb) -> (Service, String) {
    let k = common::with_account(t, EMAIL, Role::Consumer).await;
    let session = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 1).await.unwrap().session;
    (k, session.expose().clone())
}

#[tokio::test]
async fn changing_the_password_keeps_this_browser_signed_in_with_a_fresh_session_only() {
    let t = TestDb::new().await;
    let (k, here) = signed_in(&t).await;
    let elsewhere = k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 2).await.unwrap().session;
    let changed = k
        .change_password(&here, &secret(GOOD_PASSWORD), &secret(NEW_PASSWORD), &secret(NEW_PASSWORD), &ANON, 3)
        .await
        .unwrap();
    let fresh = changed.session.expose();
    assert_ne!(fresh, &here, "a fresh session id");
    assert_eq!(k.resume_session(fresh, 4).await.unwrap().unwrap().email, EMAIL);
    assert!(k.resume_session(&here, 4).await.unwrap().is_none(), "the old id is gone");
    assert!(k.resume_session(elsewhere.expose(), 4).await.unwrap().is_none(), "other sessions ended");
    assert_eq!(entity::session::Entity::find().count(&k.db).await.unwrap(), 1);
    assert_eq!(queued(&k, MailKind::PasswordChanged).await.len(), 1, "the changed email");
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 5).await.is_err());
    assert!(k.login(EMAIL, &secret(NEW_PASSWORD), &ANON, 5).await.is_ok());
    let kinds: Vec<AuditKind> = k.audit_events(Some(EMAIL), 3).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [AuditKind::LoginSucceeded, AuditKind::LoginFailed, AuditKind::PasswordChanged]);
}

#[tokio::test]
async fn a_wrong_current_password_counts_toward_the_login_throttle() {
    let t = TestDb::new().await;
    let (k, here) = signed_in(&t).await;
    let new = secret(NEW_PASSWORD);
    for attempt in 0..5 {
        let wrong = k.change_password(&here, &secret("not my password at all"), &new, &new, &ANON, 10 + attempt).await;
        assert!(matches!(wrong, Err(ChangePasswordError::WrongPassword)), "{attempt}: {wrong:?}");
    }
    let checks = k.password_verifications();
    // Held now: even the right password is not checked, here or at the login form.
    let held = k.change_password(&here, &secret(GOOD_PASSWORD), &new, &new, &ANON, 20).await;
    assert!(matches!(held, Err(ChangePasswordError::Throttled { retry_after }) if retry_after > 0), "{held:?}");
    assert!(k.login(EMAIL, &secret(GOOD_PASSWORD), &ANON, 20).await.is_err());
    assert_eq!(k.password_verifications(), checks, "no password was checked while held");
    assert!(k.resume_session(&here, 21).await.unwrap().is_some(), "the session itself stays");
    // The hold ends; the right password works.
    k.change_password(&here, &secret(GOOD_PASSWORD), &new, &new, &ANON, 20 + 16 * 60).await.unwrap();
}

#[tokio::test]
async fn the_new_password_meets_the_policy_before_anything_is_hashed() {
    let t = TestDb::new().await;
    let (k, here) = signed_in(&t).await;
    let checks = k.password_verifications();
    let short = k.change_password(&here, &secret(GOOD_PASSWORD), &secret("short"), &secret("short"), &ANON, 2).await;
    assert!(matches!(&short, Err(ChangePasswordError::Rejected(p)) if p == &[PasswordProblem::TooShort { min: 12 }]));
    let mismatch =
        k.change_password(&here, &secret(GOOD_PASSWORD), &secret(NEW_PASSWORD), &secret("other"), &ANON, 2).await;
    assert!(matches!(&mismatch, Err(ChangePasswordError::Rejected(p)) if p == &[PasswordProblem::Mismatch]));
    assert_eq!(k.password_verifications(), checks);
    let signed_out = k
        .change_password(
            "no-such-session",
            &secret(GOOD_PASSWORD),
            &secret(NEW_PASSWORD),
            &secret(NEW_PASSWORD),
            &ANON,
            2,
        )
        .await;
    assert!(matches!(signed_out, Err(ChangePasswordError::NotSignedIn)));
    assert!(queued(&k, MailKind::PasswordChanged).await.is_empty());
}

#[tokio::test]
async fn people_change_their_display_name() {
    let t = TestDb::new().await;
    let (k, here) = signed_in(&t).await;
    assert_eq!(k.rename(&here, "  Ada Lovelace ", &ANON, 2).await.unwrap().name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(k.rename(&here, "", &ANON, 3).await.unwrap().name, None);
    let long = k.rename(&here, &"x".repeat(101), &ANON, 4).await;
    assert!(matches!(long, Err(RenameError::Rejected(NameProblem::TooLong))));
    assert!(matches!(k.rename("gone", "Ada", &ANON, 4).await, Err(RenameError::NotSignedIn)));
    let kinds: Vec<AuditKind> = k.audit_events(Some(EMAIL), 2).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [AuditKind::NameChanged, AuditKind::NameChanged]);
}

fn person(email: &str, role: Role) -> NewAccount {
    NewAccount { email: email.into(), name: None, role, password: None }
}

#[tokio::test]
async fn owners_actions_are_audited_with_the_acting_owner() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, "boss@example.com", Role::Owner).await;
    let boss = k.login("boss@example.com", &secret(GOOD_PASSWORD), &ANON, 1).await.unwrap().account;
    assert_eq!(boss.last_login_at, Some(1), "the last login is noted");
    let acting = ANON.clone().acting_as(&boss);
    k.invite(person("New@example.com", Role::Consumer), &acting, 2).await.unwrap();
    k.send_reset_link("new@example.com", &acting, 3).await.unwrap();
    k.set_role("new@example.com", Role::Owner, &acting, 4).await.unwrap();
    k.disable_account("new@example.com", &acting, 5).await.unwrap();
    let disabled = k.send_reset_link("new@example.com", &acting, 6).await;
    assert!(matches!(disabled, Err(ManageError::Disabled(_))), "{disabled:?}");
    k.enable_account("new@example.com", &acting, 7).await.unwrap();
    k.delete_account("new@example.com", &acting, 8).await.unwrap();
    let events = k.audit_events(Some("new@example.com"), 10).await.unwrap();
    let kinds: Vec<AuditKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            AuditKind::AccountDeleted,
            AuditKind::AccountEnabled,
            AuditKind::AccountDisabled,
            AuditKind::MadeOwner,
            AuditKind::ResetLinkSent,
            AuditKind::AccountInvited
        ]
    );
    assert!(events.iter().all(|e| e.actor.as_deref() == Some("boss@example.com")), "{events:?}");
    // Without a password yet, the link sent again is the invitation.
    assert_eq!(queued(&k, MailKind::Invitation).await.len(), 2);
    assert!(queued(&k, MailKind::ResetLink).await.is_empty());
    // Paging through the audit log, newest first.
    let first = k.audit_page(None, None, 3).await.unwrap();
    let next = k.audit_page(None, Some(first[2].id), 3).await.unwrap();
    assert!(first[0].id > first[2].id && next[0].id < first[2].id);
}

#[tokio::test]
async fn accounts_page_by_id_and_search_by_any_part_of_the_address() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    for n in 0..7 {
        k.add_account(person(&format!("user{n}@example.com"), Role::Consumer), 1).await.unwrap();
    }
    k.add_account(person("odd_one%@other.org", Role::Owner), 1).await.unwrap();
    let first = k.find_accounts("", None, 3).await.unwrap();
    assert_eq!(first.accounts.len(), 3);
    let second = k.find_accounts("", first.next_after, 3).await.unwrap();
    let third = k.find_accounts("", second.next_after, 3).await.unwrap();
    assert_eq!(third.accounts.len(), 2);
    assert_eq!(third.next_after, None, "the last page says so");
    assert!(second.accounts[0].id > first.accounts[2].id);
    assert_eq!(k.find_accounts("EXAMPLE", None, 50).await.unwrap().accounts.len(), 7);
    assert_eq!(k.find_accounts("user3", None, 50).await.unwrap().accounts[0].email, "user3@example.com");
    // Wildcards are searched for, not expanded.
    assert_eq!(k.find_accounts("_", None, 50).await.unwrap().accounts.len(), 1);
    assert_eq!(k.find_accounts("%", None, 50).await.unwrap().accounts.len(), 1);
}

#[tokio::test]
async fn invitation_links_outlive_the_daily_housekeeping() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, "boss@example.com", Role::Owner).await;
    k.invite(person("new@example.com", Role::Consumer), &ANON, 0).await.unwrap();
    let two_days = 2 * 86_400;
    assert_eq!(purge_old_links(&k.db, two_days).await.unwrap(), 0);
    assert_eq!(reset_token::Entity::find().count(&k.db).await.unwrap(), 1);
    let week = k.config.limits.invite_ttl;
    assert_eq!(purge_old_links(&k.db, week + 1).await.unwrap(), 1, "gone once expired");
}
