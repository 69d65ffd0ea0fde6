use super::*;

#[test]
fn reset_mail_has_the_link_and_its_validity_in_both_parts() {
    let link = "https://portal.example.com/auth/reset/code?token=abc_DEF-123";
    let mail = Templates::load(None, &Brand::default())
        .unwrap()
        .reset_link(Lang::english(), "Acme <API> Portal", link, 3600)
        .unwrap();
    assert_eq!(mail.subject, "Reset your Acme <API> Portal password");
    assert!(mail.text.contains(link) && mail.text.contains("60 minutes"));
    assert!(mail.html.contains(&format!("href=\"{link}\"")) && mail.html.contains("60 minutes"));
    assert!(mail.html.contains("Acme &lt;API&gt; Portal"), "the portal name is escaped");
    assert!(!mail.html.contains("<API>"), "{}", mail.html);
    assert!(mail.text.contains("If you did not ask for this"));
}

#[test]
fn security_notices_say_what_happened_and_what_to_do_in_both_languages() {
    let templates = Templates::load(None, &Brand::default()).unwrap();
    let url = "https://x.example/account/security";
    let on = templates.security_notice(Lang::english(), Notice::SecondFactorOn, "Acme", url).unwrap();
    assert_eq!(on.subject, "Two-step verification was turned on for your Acme account");
    assert!(on.text.contains(url) && on.html.contains(&format!("href=\"{url}\"")));
    assert!(on.text.contains("If this was not you"), "{}", on.text);
    let used = templates.security_notice(Lang::english(), Notice::RecoveryCodeUsed { left: 7 }, "Acme", url).unwrap();
    assert!(used.text.contains("7 recovery codes are left"), "{}", used.text);
    let de = Lang::from_code("de").unwrap();
    let off = templates.security_notice(de, Notice::SecondFactorOff, "Acme", url).unwrap();
    assert!(off.subject.contains("Zwei-Schritt-Bestätigung"), "{}", off.subject);
}

#[test]
fn a_new_sign_in_says_when_where_and_what_to_do_in_both_languages() {
    let templates = Templates::load(None, &Brand::default()).unwrap();
    let links = SecurityLinks::example();
    let mail = templates.new_sign_in(Lang::english(), "Acme <API>", &SignIn::example(), &links).unwrap();
    assert_eq!(mail.subject, "New sign-in to your Acme <API> account");
    for part in [&mail.text, &mail.html] {
        assert!(part.contains("2026-11-27 08:43 UTC"), "{part}");
        assert!(part.contains("Firefox 133 on Linux") && part.contains("203.0.113.0/24"), "{part}");
    }
    assert!(mail.text.contains("See where you are signed in: https://portal.example.com/account/security"));
    assert!(mail.text.contains("reset your password now at https://portal.example.com/auth/forgot, then log in"));
    assert!(
        mail.html.contains(r#"<a href="https://portal.example.com/auth/forgot">reset your password now</a>, then"#)
    );
    let unknown = SignIn { at: 0, device: Device::default(), network: None };
    let de = Lang::from_code("de").unwrap();
    let mail = templates.new_sign_in(de, "Acme", &unknown, &links).unwrap();
    assert_eq!(mail.subject, "Neue Anmeldung bei Ihrem Konto bei Acme");
    assert!(mail.text.contains("Unbekannter Browser auf unbekanntem System"), "{}", mail.text);
    assert!(mail.text.contains("Netzwerk: unbekannt"), "{}", mail.text);
}

#[test]
fn an_override_replaces_one_template_and_a_broken_one_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reset_link.txt"), "Hello from {{ portal }}: {{ link }}\n").unwrap();
    let templates = Templates::load(Some(dir.path()), &Brand::default()).unwrap();
    let mail = templates.reset_link(Lang::english(), "Acme", "https://x.example/l", 60).unwrap();
    assert_eq!(mail.text, "Hello from Acme: https://x.example/l");
    assert!(mail.html.contains("works once"), "the other parts stay built in");

    std::fs::write(dir.path().join("reset_link.html"), "{% if %}").unwrap();
    let err = Templates::load(Some(dir.path()), &Brand::default()).err().unwrap();
    assert!(err.starts_with("LATCHKEY_TEMPLATE_DIR: reset_link.html:"), "{err}");
    std::fs::write(dir.path().join("reset_link.html"), "{{ no_such_value }}").unwrap();
    assert!(Templates::load(Some(dir.path()), &Brand::default()).is_err(), "an unknown value is a mistake, found now");
    std::fs::remove_file(dir.path().join("reset_link.html")).unwrap();
    std::fs::write(dir.path().join("reset-link.txt"), "typo").unwrap();
    let err = Templates::load(Some(dir.path()), &Brand::default()).err().unwrap();
    assert!(err.contains("reset-link.txt: not a template name"), "{err}");
}

#[test]
fn the_portals_logo_and_accent_colour_are_in_the_html_part() {
    let brand = Brand {
        logo_url: Some(url::Url::parse("https://cdn.example.com/logo.png").unwrap()),
        accent: Some(crate::config::Rgb::parse("#5b2a86").unwrap()),
    };
    let mail =
        Templates::load(None, &brand).unwrap().reset_link(Lang::english(), "Acme", "https://x.example/l", 60).unwrap();
    assert!(mail.html.contains(r#"<img src="https://cdn.example.com/logo.png" alt="Acme""#), "{}", mail.html);
    assert!(mail.html.contains("background:#5b2a86;"), "{}", mail.html);
    let plain = Templates::load(None, &Brand::default()).unwrap().reset_link(
        Lang::english(),
        "Acme",
        "https://x.example/l",
        60,
    );
    assert!(plain.unwrap().html.contains("background:#0b5cad;"));
}

#[test]
fn each_message_is_written_in_the_language_asked_for() {
    let templates = Templates::load(None, &Brand::default()).unwrap();
    let de = Lang::from_code("de").unwrap();
    let mail = templates.reset_link(de, "Acme <API>", "https://x.example/l", 3600).unwrap();
    assert_eq!(mail.subject, "Setzen Sie Ihr Passwort für Acme <API> zurück");
    assert!(mail.text.contains("60 Minuten lang gültig"), "{}", mail.text);
    assert!(mail.html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"), "{}", mail.html);
    assert!(mail.html.contains("bei Acme &lt;API&gt; zurückzusetzen"), "escaped in HTML: {}", mail.html);
    let mail = templates.invitation(de, "Acme", "https://x.example/l", 604_800).unwrap();
    assert_eq!(mail.subject, "Sie sind zu Acme eingeladen");
    assert!(mail.text.contains("7 Tage"), "{}", mail.text);
    let mail = templates.password_changed(de, "Acme", "https://x.example/login", "https://x.example/f").unwrap();
    assert!(mail.text.contains("jetzt unter https://x.example/f zurück"), "{}", mail.text);
    assert!(mail.html.contains("<a href=\"https://x.example/f\">setzen Sie Ihr Passwort jetzt zurück</a>"));
    let english = templates.password_changed(Lang::english(), "Acme", "https://x.example/login", "https://x.example/f");
    assert!(english.unwrap().text.contains("Log in with your new password: https://x.example/login"));
}

#[test]
fn an_override_may_use_the_catalogue_but_not_invent_variables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reset_link.subject.txt"), "[{{ portal }}] {{ t(\"mail-reset-button\") }}").unwrap();
    let templates = Templates::load(Some(dir.path()), &Brand::default()).unwrap();
    let de = Lang::from_code("de").unwrap();
    assert_eq!(
        templates.reset_link(de, "Acme", "https://x.example/l", 60).unwrap().subject,
        "[Acme] Passwort zurücksetzen"
    );
    std::fs::write(dir.path().join("reset_link.subject.txt"), "{{ t(\"mail-reset-subject\", portl=portal) }}").unwrap();
    let err = Templates::load(Some(dir.path()), &Brand::default()).err().unwrap();
    assert!(err.contains("no message takes a variable portl"), "{err}");
}

#[test]
fn sign_up_mail_says_what_happened_with_its_links_in_both_languages() {
    let templates = Templates::load(None, &Brand::default()).unwrap();
    let link = "https://portal.example.com/auth/confirm?token=abc";
    let confirm = templates.signup_confirm(Lang::english(), "Acme", link, 86_400).unwrap();
    assert_eq!(confirm.subject, "Confirm your email address for Acme");
    assert!(confirm.text.contains(link) && confirm.html.contains(&format!("href=\"{link}\"")));
    let [existing, waiting, approved, declined] = SignupNotice::examples();
    let subject = |notice: &SignupNotice, lang| templates.signup_notice(lang, notice, "Acme").unwrap().subject;
    assert_eq!(subject(&existing, Lang::english()), "Someone tried to create an account with your address");
    assert_eq!(subject(&waiting, Lang::english()), "New sign-up waiting for approval");
    assert_eq!(subject(&approved, Lang::english()), "Your account was approved");
    assert_eq!(subject(&declined, Lang::english()), "Your account was not approved");
    let told = templates.signup_notice(Lang::english(), &existing, "Acme").unwrap();
    assert!(told.text.contains("https://portal.example.com/auth/forgot"), "{}", told.text);
    assert!(told.html.contains("href=\"https://portal.example.com/auth/login\""), "{}", told.html);
    let owner = templates.signup_notice(Lang::english(), &waiting, "Acme").unwrap();
    assert!(owner.html.contains("Ada &lt;ada@example.com&gt;"), "{}", owner.html);
    let de = Lang::from_code("de").unwrap();
    assert_eq!(subject(&approved, de), "Ihr Konto wurde freigegeben");
}
