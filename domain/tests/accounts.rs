#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
mod common;

use common::{GOOD_PASSWORD, TestDb, secret};
use latchkey_domain::accounts::{self, AddAccountError, NewAccount, Role};
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
    let account = k.add_account(new_account("new@example.com", None), 1).await.unwrap();
    assert!(account.password_hash.is_none());
    assert!(k.disable_account("NEW@example.com", 5).await.unwrap());
    assert!(!k.disable_account("nobody@example.com", 5).await.unwrap());
    let stored = accounts::find_by_email(&k.db, "new@example.com").await.unwrap().unwrap();
    assert!(stored.disabled);
    assert_eq!(stored.updated_at, 5);
}
