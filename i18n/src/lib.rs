//! The words of every page, message and email, in every language Latchkey speaks. One Fluent
//! file per language, `locales/<code>/latchkey.ftl`, compiled into the server and the wasm
//! alike: adding a language is adding one file. English is the contract and the fallback.

use std::{borrow::Cow, collections::HashMap, sync::LazyLock};

use fluent_templates::{LanguageIdentifier, fluent_bundle::FluentValue, static_loader};
use latchkey_policy::{EmailProblem, NameProblem, PasswordProblem, Strength};

pub mod time;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Plain text: no Unicode isolation marks around the values put into a message.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Every language there is a catalogue for, by code: worked out once.
static ALL: LazyLock<Vec<Lang>> = LazyLock::new(|| {
    let mut all: Vec<Lang> = fluent_templates::Loader::locales(&*LOCALES).map(Lang).collect();
    all.sort_by_key(|lang| lang.code());
    all
});

/// The cookie that remembers the language a person chose on a page.
pub const COOKIE: &str = "latchkey_lang";

/// A language Latchkey has a catalogue for (a reference into the catalogue, so it is `Copy`:
/// closures that render text can take it along freely).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lang(&'static LanguageIdentifier);

impl Default for Lang {
    fn default() -> Self {
        Lang::english()
    }
}

impl Lang {
    pub fn english() -> Lang {
        Lang(LOCALES.fallback())
    }

    /// Every language there is a catalogue for, by code.
    pub fn all() -> &'static [Lang] {
        &ALL
    }

    /// The language with this code (`de`, `en`, any case), if there is a catalogue for it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let wanted: LanguageIdentifier = code.trim().parse().ok()?;
        Lang::all().iter().find(|lang| *lang.0 == wanted).copied()
    }

    /// The best of our languages for an `Accept-Language` header (`de-CH, de;q=0.9, en;q=0.8`):
    /// the highest-weighted entry whose language we speak, region ignored; English otherwise.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut wanted: Vec<(f32, LanguageIdentifier)> = accept_language
            .split(',')
            .filter_map(|entry| {
                let mut parts = entry.split(';');
                let tag = parts.next()?.trim().parse::<LanguageIdentifier>().ok()?;
                let weight = parts
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                    .unwrap_or(1.0);
                (weight > 0.0).then_some((weight, tag))
            })
            .collect();
        // Stable: of equal weights, the first listed wins.
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let ours = Lang::all();
        wanted
            .iter()
            .find_map(|(_, tag)| ours.iter().find(|lang| lang.0.language == tag.language).copied())
            .unwrap_or_else(Lang::english)
    }

    /// The code, as in `<html lang>` and the cookie: `en`, `de`.
    pub fn code(self) -> String {
        self.0.to_string()
    }

    /// The language's name in itself: `Deutsch`.
    pub fn name(self) -> String {
        self.t("language-name")
    }

    /// Message `id` in this language (in English where this language lacks it).
    pub fn t(self, id: &str) -> String {
        self.format(id, None)
    }

    /// Message `id` with its variables: `lang.t_with("problem-too-short", &[("min", 12.into())])`.
    pub fn t_with(self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), value.clone())).collect();
        self.format(id, Some(&args))
    }

    fn format(self, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>) -> String {
        LOCALES
            .lookup_single_language(self.0, id, args)
            .or_else(|_| LOCALES.lookup_single_language(LOCALES.fallback(), id, args))
            .unwrap_or_else(|_| id.to_owned())
    }
}

/// The `lang` a query string (`token=…&lang=de`, with or without its `?`) asks for, as given.
pub fn chosen_in(query: &str) -> Option<&str> {
    query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("lang="))
}

/// The query string's other parameters, as given.
pub fn without_lang(query: &str) -> Vec<&str> {
    query.trim_start_matches('?').split('&').filter(|pair| !pair.is_empty() && !pair.starts_with("lang=")).collect()
}

/// A number for a message's variable.
pub fn number(n: i64) -> FluentValue<'static> {
    FluentValue::from(n)
}

/// A text for a message's variable.
pub fn text(s: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(s.into())
}

/// What the person reads for something the policy refused.
pub trait Message {
    fn message(&self, lang: Lang) -> String;
}

impl Message for PasswordProblem {
    fn message(&self, lang: Lang) -> String {
        let count = |id, name, n: usize| lang.t_with(id, &[(name, number(n as i64))]);
        match self {
            PasswordProblem::TooShort { min } => count("problem-too-short", "min", *min),
            PasswordProblem::TooLong { max } => count("problem-too-long", "max", *max),
            PasswordProblem::ContainsEmail => lang.t("problem-contains-email"),
            PasswordProblem::NeedsMixedCase => lang.t("problem-needs-mixed-case"),
            PasswordProblem::NeedsDigits { min } => count("problem-needs-digits", "min", *min),
            PasswordProblem::NeedsSpecial { min } => count("problem-needs-special", "min", *min),
            PasswordProblem::Sequential => lang.t("problem-sequential"),
            PasswordProblem::TooCommon => lang.t("problem-too-common"),
            PasswordProblem::Mismatch => lang.t("problem-mismatch"),
        }
    }
}

impl Message for EmailProblem {
    fn message(&self, lang: Lang) -> String {
        lang.t(match self {
            EmailProblem::Missing => "problem-email-missing",
            EmailProblem::TooLong => "problem-email-too-long",
            EmailProblem::Malformed => "problem-email-malformed",
        })
    }
}

impl Message for NameProblem {
    fn message(&self, lang: Lang) -> String {
        lang.t(match self {
            NameProblem::TooLong => "problem-name-too-long",
            NameProblem::ControlCharacters => "problem-name-control-characters",
        })
    }
}

impl Message for Strength {
    fn message(&self, lang: Lang) -> String {
        lang.t(match self {
            Strength::TooShort => "strength-too-short",
            Strength::Fair => "strength-fair",
            Strength::Good => "strength-good",
            Strength::Strong => "strength-strong",
        })
    }
}

/// "Chrome 131 on Linux": a browser and its system as a session list and an email name them,
/// either of them unknown when the User-Agent did not tell.
pub fn device(lang: Lang, browser: Option<&str>, system: Option<&str>) -> String {
    let browser = browser.map_or_else(|| lang.t("session-unknown-browser"), str::to_owned);
    let system = system.map_or_else(|| lang.t("session-unknown-system"), str::to_owned);
    lang.t_with("session-device", &[("browser", text(browser)), ("system", text(system))])
}

/// "60 minutes", "2 Stunden", "90 seconds": a link's lifetime in words.
pub fn duration(lang: Lang, seconds: i64) -> String {
    let (id, n) = match seconds {
        s if s % 86_400 == 0 && s > 86_400 => ("duration-days", s / 86_400),
        s if s % 3600 == 0 && s > 3600 => ("duration-hours", s / 3600),
        s if s % 60 == 0 => ("duration-minutes", s / 60),
        s => ("duration-seconds", s),
    };
    lang.t_with(id, &[("n", number(n))])
}

#[cfg(test)]
mod tests;
