#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{GOOD_PASSWORD, TestDb, secret};
use latchkey_domain::{
    account_admin::ManageError,
    accounts::{self, AddAccountError, NewAccount, Role, Status},
    audit::{AuditKind, Client},
};
use latchkey_policy::{EmailProblem, PasswordProblem};

fn new_account(email: &str, password: Option<&str>) -> NewAccount {
    NewAccount {
        email: email.to_owned(),
        name: Some("Ada".to_owned()),
        role: Role::Owner,
        password: password.map(secret),
    }
}

#[tokio::test]
async fn adds_an_account_with_an_argon2id_hash() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    let account = k.add_account(new_account("Ada@Example.com", Some(GOOD_PASSWORD)), 100).await.unwrap();
    assert_eq!(account.email, "Ada@Example.com", "stored as typed");
    assert_eq!(account.email_normalized, "ada@example.com");
    assert_eq!(account.role, Role::Owner);
    assert!(account.password_hash.as_deref().unwrap().starts_with("$argon2id$"));
    assert!(!account.password_hash.unwrap().contains(GOOD_PASSWORD));
    assert_eq!(account.created_at, 100);
}

#[tokio::test]
async fn email_is_unique_whatever_its_case() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    k.add_account(new_account("ada@example.com", None), 1).await.unwrap();
    let again = k.add_account(new_account(" ADA@example.COM", None), 2).await;
    assert!(matches!(again, Err(AddAccountError::Duplicate)), "{again:?}");
    assert_eq!(k.list_accounts().await.unwrap().len(), 1);
    let found = accounts::find_by_email(&k.db, "Ada@EXAMPLE.com").await.unwrap().unwrap();
    assert_eq!(found.email, "ada@example.com");
}

#[tokio::test]
async fn bad_input_writes_nothing() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    let bad_email = k.add_account(new_account("not-an-email", Some(GOOD_PASSWORD)), 1).await;
    assert!(matches!(bad_email, Err(AddAccountError::InvalidEmail(EmailProblem::Malformed))));
    let weak = k.add_account(new_account("ada@example.com", Some("short")), 1).await;
    assert!(
        matches!(&weak, Err(AddAccountError::WeakPassword(p)) if p == &vec![PasswordProblem::TooShort { min: 12 }])
    );
    assert!(k.list_accounts().await.unwrap().is_empty());
}

#[tokio::test]
async fn invited_accounts_have_no_password_and_disable_works() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    k.add_account(new_account("owner@example.com", None), 1).await.unwrap();
    let account = k.add_account(new_account("new@example.com", None), 1).await.unwrap();
    assert!(account.password_hash.is_none());
    assert_eq!(Status::of(&account), Status::Invited);
    let disabled = k.disable_account("NEW@example.com", &Client::default(), 5).await.unwrap();
    assert_eq!(Status::of(&disabled), Status::Disabled);
    let missing = k.disable_account("nobody@example.com", &Client::default(), 5).await;
    assert!(matches!(missing, Err(ManageError::NoSuchAccount(_))), "{missing:?}");
    let stored = accounts::find_by_email(&k.db, "new@example.com").await.unwrap().unwrap();
    assert!(stored.disabled);
    assert_eq!(stored.updated_at, 5);
}

#[tokio::test]
async fn there_is_always_an_active_api_owner() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    k.add_account(new_account("first@example.com", Some(GOOD_PASSWORD)), 1).await.unwrap();
    let last = k.delete_account("first@example.com", &Client::default(), 2).await;
    assert!(matches!(last, Err(ManageError::LastOwner(_))), "{last:?}");
    let demote = k.set_role("FIRST@example.com", Role::Consumer, &Client::default(), 2).await;
    assert!(matches!(demote, Err(ManageError::LastOwner(_))), "{demote:?}");

    // With a second owner, the first may go.
    k.add_account(new_account("second@example.com", Some(GOOD_PASSWORD)), 3).await.unwrap();
    let demoted = k.set_role("first@example.com", Role::Consumer, &Client::default(), 4).await.unwrap();
    assert_eq!(demoted.role, Role::Consumer);
    // The audit log says which role the account was given (the refused demotion is not in it).
    let kinds: Vec<AuditKind> =
        k.audit_events(Some("first@example.com"), 10).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [AuditKind::MadeConsumer]);
    k.delete_account("first@example.com", &Client::default(), 5).await.unwrap();
    assert_eq!(k.list_accounts().await.unwrap().len(), 1);
    assert!(matches!(
        k.delete_account("first@example.com", &Client::default(), 6).await,
        Err(ManageError::NoSuchAccount(_))
    ));
    // Nor can the last one be disabled; and a disabled owner does not count as the one left.
    let disable = k.disable_account("second@example.com", &Client::default(), 7).await;
    assert!(matches!(disable, Err(ManageError::LastOwner(_))), "{disable:?}");
    k.add_account(new_account("third@example.com", Some(GOOD_PASSWORD)), 8).await.unwrap();
    k.disable_account("second@example.com", &Client::default(), 8).await.unwrap();
    assert!(matches!(
        k.delete_account("third@example.com", &Client::default(), 9).await,
        Err(ManageError::LastOwner(_))
    ));
}

/// "The last active API Owner" is the last owner who can log in: an invited owner who has not
/// chosen a password, or a disabled one, cannot administer anything, so does not count.
#[tokio::test]
async fn an_owner_who_cannot_log_in_does_not_count_as_the_one_left() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    k.add_account(new_account("only@example.com", Some(GOOD_PASSWORD)), 1).await.unwrap();
    let invited = NewAccount { name: None, ..new_account("invited@example.com", None) };
    k.invite(invited, &Client::default(), 2).await.unwrap();
    let client = Client::default();
    for refused in [
        k.set_role("only@example.com", Role::Consumer, &client, 3).await.map(drop),
        k.disable_account("only@example.com", &client, 3).await.map(drop),
        k.delete_account("only@example.com", &client, 3).await,
    ] {
        assert!(matches!(refused, Err(ManageError::LastOwner(_))), "{refused:?}");
    }
    // The invited owner, who cannot log in, may go.
    k.delete_account("invited@example.com", &client, 4).await.unwrap();
}

#[tokio::test]
async fn disabling_ends_every_open_link_and_enabling_revives_none() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, "dev@example.com", Role::Consumer).await;
    k.add_account(new_account("owner@example.com", Some(GOOD_PASSWORD)), 0).await.unwrap();
    let link = k.admin_reset_link("dev@example.com", 10).await.unwrap().unwrap();
    let token = common::token_of(&link);
    assert!(k.check_reset_link(token.expose(), 11).await.unwrap().is_some());
    let client = Client::default();
    k.disable_account("dev@example.com", &client, 12).await.unwrap();
    k.enable_account("dev@example.com", &client, 13).await.unwrap();
    assert!(k.check_reset_link(token.expose(), 14).await.unwrap().is_none(), "the link mailed before stays dead");
    let new = secret("a brand new passphrase");
    let reset = k.reset_password(&token, &new, &new, &client, 15).await;
    assert!(matches!(reset, Err(latchkey_domain::recovery::ResetError::InvalidLink)), "{reset:?}");
    // An invitation too.
    let invited = NewAccount { name: None, role: Role::Consumer, ..new_account("new@example.com", None) };
    k.invite(invited, &client, 20).await.unwrap();
    let invitation = k.admin_reset_link("new@example.com", 21).await.unwrap().unwrap();
    let invitation = common::token_of(&invitation);
    k.disable_account("new@example.com", &client, 22).await.unwrap();
    k.enable_account("new@example.com", &client, 23).await.unwrap();
    assert!(k.check_reset_link(invitation.expose(), 24).await.unwrap().is_none());
}

/// One name rule for every way an account is made: the command line and invitations too.
#[tokio::test]
async fn a_new_accounts_name_is_one_short_line() {
    let t = TestDb::new().await;
    let k = t.latchkey();
    let named = |name: &str| NewAccount { name: Some(name.to_owned()), ..new_account("ada@example.com", None) };
    for name in ["Ada\nLovelace", &"x".repeat(16 * 1024), "tab\there"] {
        let refused = k.add_account(named(name), 1).await;
        assert!(matches!(refused, Err(AddAccountError::InvalidName(_))), "{refused:?}");
        let refused = k.invite(named(name), &Client::default(), 1).await;
        assert!(matches!(refused, Err(AddAccountError::InvalidName(_))), "{refused:?}");
    }
    assert!(k.list_accounts().await.unwrap().is_empty(), "nothing written");
    let account = k.add_account(named("  Zoë 李  "), 1).await.unwrap();
    assert_eq!(account.name.as_deref(), Some("Zoë 李"));
}

#[tokio::test]
async fn enabling_lets_a_disabled_account_log_in_again_and_deleting_ends_its_sessions() {
    let t = TestDb::new().await;
    let k = common::with_account(&t, "dev@example.com", Role::Consumer).await;
    k.add_account(new_account("owner@example.com", None), 0).await.unwrap();
    let client = Client::default();
    k.disable_account("dev@example.com", &client, 1).await.unwrap();
    assert!(k.login("dev@example.com", &secret(GOOD_PASSWORD), &client, 2).await.is_err());
    let enabled = k.enable_account("dev@example.com", &client, 3).await.unwrap();
    assert!(!enabled.disabled);
    let session = k.login("dev@example.com", &secret(GOOD_PASSWORD), &client, 4).await.unwrap().session;
    k.delete_account("dev@example.com", &client, 5).await.unwrap();
    assert!(k.resume_session(session.expose(), 6).await.unwrap().is_none());
    let kinds: Vec<AuditKind> =
        k.audit_events(Some("dev@example.com"), 10).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds[..3], [AuditKind::AccountDeleted, AuditKind::LoginSucceeded, AuditKind::AccountEnabled]);
}
