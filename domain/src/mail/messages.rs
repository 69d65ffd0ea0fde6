//! The messages Latchkey sends, rendered from templates (minijinja; HTML escaped in `.html`
//! templates). Each message has a subject, a plain-text and an HTML part. The built-in
//! templates are in `domain/templates/`; `LATCHKEY_TEMPLATE_DIR` may override any of them by
//! file name, and a broken override stops start-up rather than a send. Their words come from
//! the message catalogue (`latchkey-i18n`), through `t("message-id", name=value)`, in the
//! language of the request that caused the message (`lang`).

use std::path::Path;

use latchkey_i18n::Lang;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value, context, escape_formatter,
    value::Kwargs,
};

use crate::{client_info::Device, config::Brand};

/// A message ready to send.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every template, with its built-in text.
const BUILT_IN: [(&str, &str); 22] = [
    ("layout.html", include_str!("../../templates/layout.html")),
    ("reset_link.subject.txt", include_str!("../../templates/reset_link.subject.txt")),
    ("reset_link.txt", include_str!("../../templates/reset_link.txt")),
    ("reset_link.html", include_str!("../../templates/reset_link.html")),
    ("password_changed.subject.txt", include_str!("../../templates/password_changed.subject.txt")),
    ("password_changed.txt", include_str!("../../templates/password_changed.txt")),
    ("password_changed.html", include_str!("../../templates/password_changed.html")),
    ("invitation.subject.txt", include_str!("../../templates/invitation.subject.txt")),
    ("invitation.txt", include_str!("../../templates/invitation.txt")),
    ("invitation.html", include_str!("../../templates/invitation.html")),
    ("security_notice.subject.txt", include_str!("../../templates/security_notice.subject.txt")),
    ("security_notice.txt", include_str!("../../templates/security_notice.txt")),
    ("security_notice.html", include_str!("../../templates/security_notice.html")),
    ("new_sign_in.subject.txt", include_str!("../../templates/new_sign_in.subject.txt")),
    ("new_sign_in.txt", include_str!("../../templates/new_sign_in.txt")),
    ("new_sign_in.html", include_str!("../../templates/new_sign_in.html")),
    ("signup_confirm.subject.txt", include_str!("../../templates/signup_confirm.subject.txt")),
    ("signup_confirm.txt", include_str!("../../templates/signup_confirm.txt")),
    ("signup_confirm.html", include_str!("../../templates/signup_confirm.html")),
    ("signup_notice.subject.txt", include_str!("../../templates/signup_notice.subject.txt")),
    ("signup_notice.txt", include_str!("../../templates/signup_notice.txt")),
    ("signup_notice.html", include_str!("../../templates/signup_notice.html")),
];

/// The security emails: one template, each message its own words in the catalogue
/// (`mail-<notice>-subject`, `mail-<notice>-intro`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// "Two-step verification was turned on".
    SecondFactorOn,
    /// "… was turned off" (by the person, or reset by an API Owner).
    SecondFactorOff,
    /// "New recovery codes were created".
    RecoveryCodesCreated,
    /// "A recovery code was used", with how many are left.
    RecoveryCodeUsed { left: i64 },
    /// "A passkey was added to your account".
    PasskeyAdded,
    /// "A passkey was removed from your account".
    PasskeyRemoved,
}

impl Notice {
    const ALL: [Notice; 6] = [
        Notice::SecondFactorOn,
        Notice::SecondFactorOff,
        Notice::RecoveryCodesCreated,
        Notice::RecoveryCodeUsed { left: 9 },
        Notice::PasskeyAdded,
        Notice::PasskeyRemoved,
    ];

    fn id(self) -> &'static str {
        match self {
            Notice::SecondFactorOn => "second-factor-on",
            Notice::SecondFactorOff => "second-factor-off",
            Notice::RecoveryCodesCreated => "recovery-codes",
            Notice::RecoveryCodeUsed { .. } => "recovery-code-used",
            Notice::PasskeyAdded => "passkey-added",
            Notice::PasskeyRemoved => "passkey-removed",
        }
    }
}

/// The emails of a sign-up besides its confirmation: one template, each message its own words
/// in the catalogue (`mail-<notice>-subject`, `-intro`, `-closing`) and its own links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignupNotice {
    /// "Someone tried to create an account with your address": log in, or reset the password.
    Existing { login: String, forgot: String },
    /// To an API Owner: "New sign-up waiting for approval", from `who`.
    Waiting { who: String, review: String },
    /// "Your account was approved": log in.
    Approved { login: String },
    /// "Your account was not approved".
    Declined,
}

impl SignupNotice {
    fn examples() -> [SignupNotice; 4] {
        let url = |path: &str| format!("https://portal.example.com{path}");
        [
            SignupNotice::Existing { login: url("/auth/login"), forgot: url("/auth/forgot") },
            SignupNotice::Waiting { who: "Ada <ada@example.com>".into(), review: url("/admin/users") },
            SignupNotice::Approved { login: url("/auth/login") },
            SignupNotice::Declined,
        ]
    }

    fn id(&self) -> &'static str {
        match self {
            SignupNotice::Existing { .. } => "signup-existing",
            SignupNotice::Waiting { .. } => "signup-waiting",
            SignupNotice::Approved { .. } => "signup-approved",
            SignupNotice::Declined => "signup-declined",
        }
    }

    /// Who signed up (for the owners' message), and the links with their labels' message ids.
    fn parts(&self) -> (&str, Vec<Value>) {
        let link = |label: &str, url: &str| context! { label, url };
        match self {
            SignupNotice::Existing { login, forgot } => {
                ("", vec![link("mail-signup-login", login), link("mail-signup-forgot", forgot)])
            }
            SignupNotice::Waiting { who, review } => (who, vec![link("mail-signup-review", review)]),
            SignupNotice::Approved { login } => ("", vec![link("mail-signup-login", login)]),
            SignupNotice::Declined => ("", Vec::new()),
        }
    }
}

pub struct Templates {
    env: Environment<'static>,
}

/// A sign-in as the "new sign-in" email tells of it.
pub struct SignIn {
    /// Unix seconds.
    pub at: i64,
    pub device: Device,
    pub network: Option<String>,
}

impl SignIn {
    fn example() -> SignIn {
        let device = Device { browser: Some("Firefox 133".into()), system: Some("Linux".into()) };
        SignIn { at: 1_795_768_980, device, network: Some("203.0.113.0/24".into()) }
    }
}

/// Where a person who did not sign in themselves goes: the list of sessions, and the reset.
pub struct SecurityLinks {
    pub security: String,
    pub forgot: String,
}

impl SecurityLinks {
    fn example() -> SecurityLinks {
        SecurityLinks {
            security: "https://portal.example.com/account/security".into(),
            forgot: "https://portal.example.com/auth/forgot".into(),
        }
    }
}

impl Templates {
    /// The built-in templates, with those in `dir` (`LATCHKEY_TEMPLATE_DIR`) in their place,
    /// and the portal's logo and accent colour (`accent`, `logo_url`) available to all of them.
    /// Each is parsed and rendered once with sample values now, so that a mistake in an
    /// override is reported at start-up; a file that overrides nothing is refused too.
    pub fn load(dir: Option<&Path>, brand: &Brand) -> Result<Templates, String> {
        let fail = |what: &str, err: &dyn std::fmt::Display| format!("LATCHKEY_TEMPLATE_DIR: {what}: {err}");
        if let Some(dir) = dir {
            for entry in std::fs::read_dir(dir).map_err(|e| fail(&dir.display().to_string(), &e))? {
                let name = entry.map_err(|e| fail(&dir.display().to_string(), &e))?.file_name();
                let name = name.to_string_lossy();
                if !BUILT_IN.iter().any(|(known, _)| *known == name) {
                    let known: Vec<&str> = BUILT_IN.iter().map(|(known, _)| *known).collect();
                    return Err(fail(&name, &format!("not a template name (use one of {})", known.join(", "))));
                }
            }
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(escape_html_formatter);
        env.add_global("accent", brand.mail_accent());
        env.add_global("logo_url", Value::from(brand.logo_url.as_ref().map(|url| url.to_string())));
        env.add_function("t", translate);
        for (name, built_in) in BUILT_IN {
            let source = match dir.map(|d| d.join(name)).filter(|path| path.is_file()) {
                Some(path) => std::fs::read_to_string(&path).map_err(|e| fail(name, &e))?,
                None => built_in.to_owned(),
            };
            env.add_template_owned(name, source).map_err(|e| fail(name, &e))?;
        }
        let templates = Templates { env };
        for &lang in Lang::all() {
            templates.reset_link(lang, "Portal", "https://portal.example.com/auth/reset/code?token=t", 3600)?;
            templates.invitation(lang, "Portal", "https://portal.example.com/auth/reset/code?token=t", 3600)?;
            templates.password_changed(
                lang,
                "Portal",
                "https://portal.example.com/auth/login",
                "https://portal.example.com/auth/forgot",
            )?;
            for notice in Notice::ALL {
                templates.security_notice(lang, notice, "Portal", "https://portal.example.com/account/security")?;
            }
            templates.new_sign_in(lang, "Portal", &SignIn::example(), &SecurityLinks::example())?;
            templates.signup_confirm(lang, "Portal", "https://portal.example.com/auth/confirm?token=t", 86_400)?;
            for notice in SignupNotice::examples() {
                templates.signup_notice(lang, &notice, "Portal")?;
            }
        }
        Ok(templates)
    }

    /// "Reset your <portal> password": the link, how long it is valid, what to do if unasked.
    pub fn reset_link(&self, lang: Lang, portal: &str, link: &str, valid_for: i64) -> Result<Rendered, String> {
        let validity = latchkey_i18n::duration(lang, valid_for);
        self.render("reset_link", context! { lang => lang.code(), portal, link, validity })
    }

    /// "You're invited to <portal>": a link to choose a password, and how long it is valid.
    pub fn invitation(&self, lang: Lang, portal: &str, link: &str, valid_for: i64) -> Result<Rendered, String> {
        let validity = latchkey_i18n::duration(lang, valid_for);
        self.render("invitation", context! { lang => lang.code(), portal, link, validity })
    }

    /// "Your <portal> password was changed", after a successful reset.
    pub fn password_changed(
        &self,
        lang: Lang,
        portal: &str,
        login_url: &str,
        forgot_url: &str,
    ) -> Result<Rendered, String> {
        self.render("password_changed", context! { lang => lang.code(), portal, login_url, forgot_url })
    }

    /// One of the security emails, with a link to `/account/security`.
    pub fn security_notice(
        &self,
        lang: Lang,
        notice: Notice,
        portal: &str,
        security_url: &str,
    ) -> Result<Rendered, String> {
        let left = match notice {
            Notice::RecoveryCodeUsed { left } => left,
            _ => 0,
        };
        self.render(
            "security_notice",
            context! { lang => lang.code(), notice => notice.id(), portal, security_url, left },
        )
    }

    /// "New sign-in to your <portal> account": when (UTC), the browser and system, the
    /// network, where to see every session, and what to do if it was not the person.
    pub fn new_sign_in(
        &self,
        lang: Lang,
        portal: &str,
        sign_in: &SignIn,
        links: &SecurityLinks,
    ) -> Result<Rendered, String> {
        let time = latchkey_i18n::time::Utc::from_unix(sign_in.at).readable();
        let device = latchkey_i18n::device(lang, sign_in.device.browser.as_deref(), sign_in.device.system.as_deref());
        let network = sign_in.network.clone().unwrap_or_else(|| lang.t("session-network-unknown"));
        let (security_url, forgot_url) = (&links.security, &links.forgot);
        self.render(
            "new_sign_in",
            context! { lang => lang.code(), portal, time, device, network, security_url, forgot_url },
        )
    }

    /// "Confirm your email address for <portal>": the link, how long it is valid, what to do if
    /// unasked.
    pub fn signup_confirm(&self, lang: Lang, portal: &str, link: &str, valid_for: i64) -> Result<Rendered, String> {
        let validity = latchkey_i18n::duration(lang, valid_for);
        self.render("signup_confirm", context! { lang => lang.code(), portal, link, validity })
    }

    /// One of a sign-up's other emails (see [`SignupNotice`]).
    pub fn signup_notice(&self, lang: Lang, notice: &SignupNotice, portal: &str) -> Result<Rendered, String> {
        let (who, links) = notice.parts();
        self.render("signup_notice", context! { lang => lang.code(), notice => notice.id(), portal, who, links })
    }

    fn render(&self, message: &str, values: Value) -> Result<Rendered, String> {
        let part = |suffix: &str| {
            let name = format!("{message}.{suffix}");
            self.env
                .get_template(&name)
                .and_then(|template| template.render(&values))
                .map_err(|e| format!("LATCHKEY_TEMPLATE_DIR: {name}: {e}"))
        };
        Ok(Rendered { subject: part("subject.txt")?.trim().to_owned(), text: part("txt")?, html: part("html")? })
    }
}

/// minijinja's formatter, escaping HTML as HTML needs it (`& < > " '`), but leaving `/` alone
/// (minijinja escapes it too), so links read plainly in the message source.
fn escape_html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if *state.auto_escape() != AutoEscape::Html || value.is_safe() {
        return escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    out.write_str(&escaped).map_err(Error::from)
}

/// The templates' `t("message-id", name=value, …)`: the catalogue's message in the language
/// being rendered (`lang`). Its result is escaped like any other value in an HTML part.
fn translate(state: &State, id: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state.lookup("lang").and_then(|code| Lang::from_code(code.as_str()?)).unwrap_or_default();
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = match i64::try_from(value.clone()) {
            Ok(n) => latchkey_i18n::number(n),
            Err(_) => latchkey_i18n::text(value.to_string()),
        };
        args.push((variable_name(name)?, value));
    }
    Ok(lang.t_with(id, &args))
}

/// The catalogue's variables the templates may pass.
fn variable_name(name: &str) -> Result<&'static str, Error> {
    ["portal", "validity", "url", "email", "n"]
        .into_iter()
        .find(|known| *known == name)
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("t(): no message takes a variable {name}")))
}

#[cfg(test)]
mod tests;
