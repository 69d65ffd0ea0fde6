use std::collections::BTreeSet;

use fluent_syntax::ast;

use super::*;

/// Each message of a catalogue file with the names of the variables it uses.
fn messages(code: &str) -> Vec<(String, BTreeSet<String>)> {
    let path = format!("{}/locales/{code}/latchkey.ftl", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    let resource =
        fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_variables(pattern, &mut variables);
                }
                Some((message.id.name.to_owned(), variables))
            }
            _ => None,
        })
        .collect()
}

fn pattern_variables(pattern: &ast::Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, found);
            for variant in variants {
                pattern_variables(&variant.value, found);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, found),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, found),
        _ => {}
    }
}

#[test]
fn every_language_has_every_english_message_with_the_same_variables() {
    let english = messages("en");
    assert!(english.len() > 100, "{}", english.len());
    for lang in Lang::all() {
        let theirs = messages(&lang.code());
        for (id, variables) in &english {
            let found = theirs.iter().find(|(their_id, _)| their_id == id);
            let Some((_, their_variables)) = found else {
                panic!("{}: message {id} is missing", lang.code());
            };
            assert_eq!(their_variables, variables, "{}: {id} uses other variables", lang.code());
        }
        for (id, _) in &theirs {
            assert!(english.iter().any(|(e, _)| e == id), "{}: {id} is not an English message", lang.code());
        }
    }
}

#[test]
fn english_and_german_are_spoken_and_found_by_code() {
    let codes: Vec<String> = Lang::all().iter().map(|lang| lang.code()).collect();
    assert_eq!(codes, ["de", "en"]);
    assert_eq!(Lang::from_code("DE").unwrap().name(), "Deutsch");
    assert_eq!(Lang::from_code("en").unwrap(), Lang::english());
    assert_eq!(Lang::from_code("fr"), None);
    assert_eq!(Lang::from_code("../../etc"), None);
}

#[test]
fn accept_language_picks_the_most_wanted_language_we_speak() {
    let negotiated = |header: &str| Lang::negotiate(header).code();
    assert_eq!(negotiated("de-CH, de;q=0.9, en;q=0.8"), "de");
    assert_eq!(negotiated("fr-FR, fr;q=0.9, de;q=0.5, en;q=0.4"), "de");
    assert_eq!(negotiated("en-GB,en;q=0.9,de;q=0.8"), "en");
    assert_eq!(negotiated("de;q=0.2, en;q=0.7"), "en");
    assert_eq!(negotiated("de;q=0, fr"), "en", "q=0 means not wanted");
    assert_eq!(negotiated("fr, it"), "en", "English when nothing else fits");
    assert_eq!(negotiated(""), "en");
    assert_eq!(negotiated("*;q=0.5, de-AT"), "de");
    assert_eq!(negotiated(";;;,,,q=x, de"), "de", "junk entries are skipped");
}

#[test]
fn messages_fill_in_their_variables_and_plurals_without_isolation_marks() {
    let de = Lang::from_code("de").unwrap();
    assert_eq!(PasswordProblem::TooShort { min: 12 }.message(de), "Verwenden Sie mindestens 12 Zeichen.");
    assert_eq!(PasswordProblem::TooShort { min: 12 }.message(Lang::english()), "Use at least 12 characters.");
    assert_eq!(PasswordProblem::NeedsDigits { min: 1 }.message(Lang::english()), "Use at least 1 digit.");
    assert_eq!(PasswordProblem::NeedsDigits { min: 2 }.message(de), "Verwenden Sie mindestens 2 Ziffern.");
    assert_eq!(EmailProblem::Missing.message(de), "Geben Sie Ihre E-Mail-Adresse ein.");
    assert_eq!(Strength::Strong.message(de), "Stärke: stark");
    let subject = de.t_with("mail-reset-subject", &[("portal", text("Acme"))]);
    assert_eq!(subject, "Setzen Sie Ihr Passwort für Acme zurück");
    assert!(!subject.contains('\u{2068}'), "no isolation marks: {subject:?}");
}

#[test]
fn an_unknown_message_shows_its_id_rather_than_failing() {
    assert_eq!(Lang::english().t("no-such-message"), "no-such-message");
}

#[test]
fn durations_read_naturally_in_each_language() {
    let (en, de) = (Lang::english(), Lang::from_code("de").unwrap());
    assert_eq!(duration(en, 3600), "60 minutes");
    assert_eq!(duration(en, 7200), "2 hours");
    assert_eq!(duration(en, 60), "1 minute");
    assert_eq!(duration(en, 90), "90 seconds");
    assert_eq!(duration(en, 604_800), "7 days");
    assert_eq!(duration(de, 3600), "60 Minuten");
    assert_eq!(duration(de, 86_400 * 2), "2 Tage");
    assert_eq!(duration(de, 60), "1 Minute");
}

#[test]
fn a_query_string_chooses_a_language_and_keeps_the_rest() {
    assert_eq!(chosen_in("?token=abc&lang=de"), Some("de"));
    assert_eq!(chosen_in("lang=xx"), Some("xx"), "as given: whether we speak it is decided apart");
    assert_eq!(chosen_in("?q=golang=1"), None);
    assert_eq!(without_lang("?token=abc&lang=de&after=3"), ["token=abc", "after=3"]);
    assert_eq!(without_lang(""), Vec::<&str>::new());
}
