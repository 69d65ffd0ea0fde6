#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
//! The `latchkey` binary as an operator uses it: exit codes, one-line errors, nothing written
//! on bad input.

mod common;

use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Output, Stdio},
};

use tempfile::TempDir;

struct Cli {
    dir: TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }

    fn db_file(&self) -> PathBuf {
        self.dir.path().join("cli.db")
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        self.run_with_env(args, stdin, &[])
    }

    fn run_with_env(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_latchkey"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("LATCHKEY_DATABASE_URL", format!("sqlite://{}?mode=rwc", self.db_file().display()))
            .env("LATCHKEY_LOG", "warn")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
        drop(input);
        child.wait_with_output().unwrap()
    }

    fn add(&self, email: &str, role: &str, password: &str) -> Output {
        self.run(&["user", "add", "--email", email, "--role", role, "--password-stdin"], Some(&format!("{password}\n")))
    }

    fn list(&self) -> String {
        let output = self.run(&["user", "list"], None);
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A failed command: non-zero exit and exactly one line on stderr, which contains `expected`.
fn assert_one_line_failure(output: &Output, expected: &str) {
    assert!(!output.status.success(), "should fail");
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "one line on stderr, got: {err}");
    assert!(err.contains(expected), "'{expected}' not in: {err}");
}

const PASSWORD: &str = "correct horse battery staple";

#[test]
fn adds_lists_and_disables_accounts() {
    let cli = Cli::new();
    let added = cli.add("Ada@Example.com", "owner", PASSWORD);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(String::from_utf8_lossy(&added.stdout).contains("API Owner"));
    assert!(cli.add("dev@example.com", "consumer", PASSWORD).status.success());
    let invited = cli.run(&["user", "add", "--email", "new@example.com", "--role", "consumer", "--name", "New"], None);
    assert!(invited.status.success(), "{}", stderr(&invited));
    assert_eq!(
        cli.list(),
        "Ada@Example.com\towner\tactive\ndev@example.com\tconsumer\tactive\nnew@example.com\tconsumer\tinvited\n"
    );
    let disabled = cli.run(&["user", "disable", "--email", "DEV@example.com"], None);
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    assert!(cli.list().contains("dev@example.com\tconsumer\tdisabled\n"));
}

#[test]
fn bad_email_and_unknown_role_fail_cleanly_and_write_nothing() {
    let cli = Cli::new();
    assert_one_line_failure(&cli.add("not-an-email", "owner", PASSWORD), "invalid email");
    assert_one_line_failure(&cli.add("ada@example.com", "admin", PASSWORD), "unknown role 'admin'");
    assert!(!cli.db_file().exists(), "nothing, not even the database file, is written");
}

#[test]
fn duplicate_email_fails_cleanly_whatever_its_case() {
    let cli = Cli::new();
    assert!(cli.add("ada@example.com", "owner", PASSWORD).status.success());
    assert_one_line_failure(&cli.add("ADA@example.com", "consumer", PASSWORD), "already exists");
    assert_eq!(cli.list(), "ada@example.com\towner\tactive\n");
}

#[test]
fn weak_password_fails_cleanly_and_writes_nothing() {
    let cli = Cli::new();
    assert_one_line_failure(&cli.add("ada@example.com", "owner", "short"), "at least 12 characters");
    assert_one_line_failure(&cli.add("adalovelace@example.com", "owner", "adalovelace-forever"), "email address");
    assert_eq!(cli.list(), "");
}

#[test]
fn disabling_an_unknown_account_fails() {
    let cli = Cli::new();
    assert_one_line_failure(&cli.run(&["user", "disable", "--email", "nobody@example.com"], None), "no account");
}

#[test]
fn invalid_configuration_names_the_variable() {
    let cli = Cli::new();
    let output = cli.run_with_env(&["migrate"], None, &[("LATCHKEY_RESET_TTL", "0")]);
    assert_one_line_failure(&output, "LATCHKEY_RESET_TTL: must be between 1 and 86400");
    let output = cli.run_with_env(&["migrate"], None, &[("LATCHKEY_BASE_URL", "not a url")]);
    assert_one_line_failure(&output, "LATCHKEY_BASE_URL:");
}

#[test]
fn migrate_creates_the_schema_and_is_repeatable() {
    let cli = Cli::new();
    for _ in 0..2 {
        let output = cli.run(&["migrate"], None);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(cli.db_file().exists());
}

#[test]
fn reset_link_prints_a_fresh_link_built_from_the_base_url() {
    let cli = Cli::new();
    assert!(cli.add("ada@example.com", "owner", PASSWORD).status.success());
    // Behind https, development mail is refused: production mail goes through SMTP.
    let base = [("LATCHKEY_BASE_URL", "https://portal.example.com"), ("LATCHKEY_SMTP_URL", "smtp://127.0.0.1:2525")];
    let output = cli.run_with_env(&["user", "reset-link", "--email", "ADA@example.com"], None, &base);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = String::from_utf8(output.stdout).unwrap();
    assert!(link.starts_with("https://portal.example.com/auth/reset/code?token="), "{link}");
    assert_eq!(link.trim().len(), "https://portal.example.com/auth/reset/code?token=".len() + 43);
    assert_one_line_failure(
        &cli.run(&["user", "reset-link", "--email", "nobody@example.com"], None),
        "no enabled account",
    );
}

#[test]
fn mail_list_and_retry_fail_cleanly_on_unknown_messages() {
    let cli = Cli::new();
    let listed = cli.run(&["mail", "list", "--failed"], None);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "");
    assert_one_line_failure(&cli.run(&["mail", "retry", "42"], None), "no message 42");
}

/// `webhook list` shows what is waiting and why; `retry` takes only what failed for good; the
/// secret `secret generate --webhook` prints is one the configuration accepts, and a URL that
/// would send events in the clear stops every command with one line.
#[test]
fn webhook_list_retry_and_secret_work_from_the_command_line() {
    let cli = Cli::new();
    let generated = cli.run(&["secret", "generate", "--webhook"], None);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let secret = String::from_utf8(generated.stdout).unwrap().trim().to_owned();
    assert!(secret.starts_with("whsec_") && secret.len() == 6 + 44, "{secret}");
    let hook = [("LATCHKEY_WEBHOOK_URL", "http://127.0.0.1:9/hooks"), ("LATCHKEY_WEBHOOK_SECRET", secret.as_str())];
    let invited =
        cli.run_with_env(&["user", "invite", "--email", "dev@example.com", "--role", "consumer"], None, &hook);
    assert!(invited.status.success(), "{}", stderr(&invited));
    let listed = cli.run_with_env(&["webhook", "list"], None, &hook);
    let listed = String::from_utf8(listed.stdout).unwrap();
    let fields: Vec<&str> = listed.trim().split('\t').collect();
    assert_eq!(fields[0], "1", "{listed}");
    assert!(fields[1].starts_with("msg_"), "{listed}");
    assert_eq!(fields[2], "account.invited", "{listed}");
    assert!(fields[3].starts_with("pending, next try "), "{listed}");
    assert_eq!(fields[4], "attempts=0", "{listed}");
    assert_eq!(String::from_utf8(cli.run_with_env(&["webhook", "list", "--failed"], None, &hook).stdout).unwrap(), "");
    assert_one_line_failure(&cli.run_with_env(&["webhook", "retry", "1"], None, &hook), "delivery 1 has not failed");
    assert_one_line_failure(&cli.run_with_env(&["webhook", "retry", "42"], None, &hook), "no delivery 42");

    let in_the_clear = [("LATCHKEY_WEBHOOK_URL", "http://crm.example.com/hooks"), hook[1]];
    assert_one_line_failure(&cli.run_with_env(&["user", "list"], None, &in_the_clear), "LATCHKEY_WEBHOOK_URL");
    let no_secret = [hook[0]];
    assert_one_line_failure(&cli.run_with_env(&["user", "list"], None, &no_secret), "LATCHKEY_WEBHOOK_SECRET");
    let weak = [hook[0], ("LATCHKEY_WEBHOOK_SECRET", "whsec_c2hvcnQ=")];
    assert_one_line_failure(&cli.run_with_env(&["user", "list"], None, &weak), "LATCHKEY_WEBHOOK_SECRET");
}

#[test]
fn six_user_adds_at_once_on_a_fresh_database_all_succeed() {
    let cli = &Cli::new();
    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..6)
            .map(|i| scope.spawn(move || cli.add(&format!("person{i}@example.com"), "consumer", PASSWORD)))
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
    }
    assert_eq!(cli.list().lines().count(), 6);
}

#[test]
fn secret_generate_prints_a_fresh_key_that_the_configuration_accepts() {
    let cli = Cli::new();
    // It needs no configuration: an operator runs it before there is a key.
    let no_key = [("LATCHKEY_DATABASE_URL", "postgres://nowhere.invalid/latchkey")];
    let first = cli.run_with_env(&["secret", "generate"], None, &no_key);
    assert!(first.status.success(), "{}", stderr(&first));
    let key = String::from_utf8(first.stdout).unwrap().trim().to_owned();
    assert_eq!(key.len(), 43, "32 bytes, base64url: {key}");
    let second = String::from_utf8(cli.run(&["secret", "generate"], None).stdout).unwrap();
    assert_ne!(key, second.trim());
    let with_key = cli.run_with_env(&["user", "list"], None, &[("LATCHKEY_SECRET_KEY", key.as_str())]);
    assert!(with_key.status.success(), "{}", stderr(&with_key));
    assert_one_line_failure(
        &cli.run_with_env(&["user", "list"], None, &[("LATCHKEY_SECRET_KEY", "too short")]),
        "LATCHKEY_SECRET_KEY",
    );
}

#[test]
fn a_broken_email_template_override_stops_start_up() {
    let cli = Cli::new();
    let templates = cli.dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("reset_link.html"), "<p>{% if %}</p>").unwrap();
    let env = [("LATCHKEY_TEMPLATE_DIR", templates.to_str().unwrap())];
    assert_one_line_failure(&cli.run_with_env(&["serve"], None, &env), "LATCHKEY_TEMPLATE_DIR: reset_link.html");
    std::fs::write(templates.join("reset_link.html"), "<p>{{ link }} for {{ portal }}</p>").unwrap();
    let fixed = cli.run_with_env(&["user", "list"], None, &env);
    assert!(fixed.status.success(), "{}", stderr(&fixed));
}

#[test]
fn enable_set_role_and_delete_keep_an_owner_and_ask_before_deleting() {
    let cli = Cli::new();
    assert!(cli.add("owner@example.com", "owner", PASSWORD).status.success());
    assert!(cli.add("dev@example.com", "consumer", PASSWORD).status.success());
    assert!(cli.run(&["user", "disable", "--email", "dev@example.com"], None).status.success());
    assert!(cli.run(&["user", "enable", "--email", "DEV@example.com"], None).status.success());
    assert!(cli.list().contains("dev@example.com\tconsumer\tactive"), "{}", cli.list());

    assert_one_line_failure(
        &cli.run(&["user", "set-role", "--email", "owner@example.com", "--role", "consumer"], None),
        "last active API Owner",
    );
    assert_one_line_failure(
        &cli.run(&["user", "set-role", "--email", "dev@example.com", "--role", "admin"], None),
        "unknown role",
    );
    assert!(cli.run(&["user", "set-role", "--email", "dev@example.com", "--role", "owner"], None).status.success());
    assert!(cli.list().contains("dev@example.com\towner\tactive"), "{}", cli.list());

    // Without --yes it asks, and anything but y keeps the account.
    assert_one_line_failure(&cli.run(&["user", "delete", "--email", "dev@example.com"], Some("n\n")), "not deleted");
    assert!(cli.list().contains("dev@example.com"));
    let deleted = cli.run(&["user", "delete", "--email", "dev@example.com"], Some("y\n"));
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert!(!cli.list().contains("dev@example.com"));
    assert_one_line_failure(
        &cli.run(&["user", "delete", "--email", "owner@example.com", "--yes"], None),
        "last active API Owner",
    );
    assert_one_line_failure(&cli.run(&["user", "enable", "--email", "nobody@example.com"], None), "no account");
}

#[test]
fn invite_creates_a_password_less_account_and_queues_the_invitation() {
    let cli = Cli::new();
    let invited =
        cli.run(&["user", "invite", "--email", "new@example.com", "--role", "consumer", "--name", "New"], None);
    assert!(invited.status.success(), "{}", stderr(&invited));
    assert!(cli.list().contains("new@example.com\tconsumer\tinvited"), "{}", cli.list());
    let mail = String::from_utf8(cli.run(&["mail", "list"], None).stdout).unwrap();
    assert!(mail.contains("\tinvitation\tnew@example.com\t"), "{mail}");
    assert_one_line_failure(
        &cli.run(&["user", "invite", "--email", "NEW@example.com", "--role", "owner"], None),
        "already exists",
    );
    assert_one_line_failure(&cli.run(&["user", "invite", "--email", "bad", "--role", "owner"], None), "invalid email");
}

#[test]
fn an_invited_owner_leaves_the_only_owner_who_can_log_in_in_place() {
    let cli = Cli::new();
    assert!(cli.add("owner@example.com", "owner", PASSWORD).status.success());
    let invited = cli.run(&["user", "invite", "--email", "next@example.com", "--role", "owner"], None);
    assert!(invited.status.success(), "{}", stderr(&invited));
    for args in [
        &["user", "set-role", "--email", "owner@example.com", "--role", "consumer"][..],
        &["user", "disable", "--email", "owner@example.com"][..],
        &["user", "delete", "--email", "owner@example.com", "--yes"][..],
    ] {
        assert_one_line_failure(&cli.run(args, None), "last active API Owner");
    }
}

#[test]
fn a_name_with_a_line_break_or_too_long_fails_cleanly_and_writes_nothing() {
    let cli = Cli::new();
    assert!(cli.add("owner@example.com", "owner", PASSWORD).status.success());
    let long = "x".repeat(16 * 1024);
    for name in ["Ada\nX-Injected: yes", long.as_str()] {
        let add = ["user", "add", "--email", "ada@example.com", "--role", "consumer", "--name", name];
        assert_one_line_failure(&cli.run(&add, None), "invalid name");
        let invite = ["user", "invite", "--email", "ada@example.com", "--role", "consumer", "--name", name];
        assert_one_line_failure(&cli.run(&invite, None), "invalid name");
    }
    assert_eq!(cli.list(), "owner@example.com\towner\tactive\n");
}
