//! The messages Latchkey sends, one function each. Every message has a plain-text and an HTML
//! part with the same content.

/// A message ready to send.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// "Reset your <portal> password": the link, how long it is valid, what to do if unasked.
pub fn reset_link(portal: &str, link: &str, valid_for_seconds: i64) -> Rendered {
    let validity = describe_duration(valid_for_seconds);
    let text = format!(
        "Someone (hopefully you) asked to reset the password of your {portal} account.\n\n\
         To choose a new password, open this link:\n\n{link}\n\n\
         The link is valid for {validity} and works once.\n\n\
         If you did not ask for this, ignore this email: your password stays as it is.\n"
    );
    let (portal_html, link_html) = (escape_html(portal), escape_html(link));
    let html = layout(
        portal,
        &format!(
            "<p>Someone (hopefully you) asked to reset the password of your {portal_html} account.</p>\
             <p><a href=\"{link_html}\" style=\"display:inline-block;padding:10px 18px;background:#0b5cad;\
             color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600\">Reset your password</a></p>\
             <p>Or paste this link into your browser:<br><a href=\"{link_html}\">{link_html}</a></p>\
             <p>The link is valid for {validity} and works once.</p>\
             <p>If you did not ask for this, ignore this email: your password stays as it is.</p>"
        ),
    );
    Rendered { subject: format!("Reset your {portal} password"), text, html }
}

/// "Your <portal> password was changed", after a successful reset.
pub fn password_changed(portal: &str, login_url: &str, forgot_url: &str) -> Rendered {
    let text = format!(
        "The password of your {portal} account was just changed, and every session was signed out.\n\n\
         Log in with your new password: {login_url}\n\n\
         If you did not do this, reset your password now at {forgot_url} and tell your portal's administrator.\n"
    );
    let html = layout(
        portal,
        &format!(
            "<p>The password of your {} account was just changed, and every session was signed out.</p>\
             <p><a href=\"{}\">Log in with your new password</a>.</p>\
             <p>If you did not do this, <a href=\"{}\">reset your password now</a> and tell your portal's \
             administrator.</p>",
            escape_html(portal),
            escape_html(login_url),
            escape_html(forgot_url)
        ),
    );
    Rendered { subject: format!("Your {portal} password was changed"), text, html }
}

fn layout(portal: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><body style=\"font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5\">\
         <h1 style=\"font-size:18px\">{}</h1>{body}</body></html>",
        escape_html(portal)
    )
}

/// "60 minutes", "2 hours", "90 seconds".
fn describe_duration(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match seconds {
        s if s % 3600 == 0 && s > 3600 => plural(s / 3600, "hour"),
        s if s % 60 == 0 => plural(s / 60, "minute"),
        s => plural(s, "second"),
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_mail_has_the_link_and_its_validity_in_both_parts() {
        let link = "https://portal.example.com/auth/reset/code?token=abc_DEF-123";
        let mail = reset_link("Acme <API> Portal", link, 3600);
        assert_eq!(mail.subject, "Reset your Acme <API> Portal password");
        assert!(mail.text.contains(link) && mail.text.contains("60 minutes"));
        assert!(mail.html.contains(link) && mail.html.contains("60 minutes"));
        assert!(mail.html.contains("Acme &lt;API&gt; Portal"), "the portal name is escaped");
        assert!(mail.text.contains("If you did not ask for this"));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(describe_duration(3600), "60 minutes");
        assert_eq!(describe_duration(7200), "2 hours");
        assert_eq!(describe_duration(60), "1 minute");
        assert_eq!(describe_duration(90), "90 seconds");
    }
}
