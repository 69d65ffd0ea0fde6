//! Authenticator apps (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift either
//! way), through `totp-rs`. The secret is 160 random bits, shown once as base32, a QR code and
//! an `otpauth://` URI, and stored only sealed.

use qrcode::{QrCode, render::svg};
use totp_rs::{Builder, Totp};

use crate::{Error, mail::SealKey, secret::Secret, token::random_bytes};

/// Names what the key sealing apps' secrets is for (HKDF), apart from the mail key.
pub const HKDF_INFO: &[u8] = b"latchkey totp secret v1";

/// How long the page that sets up an app stays usable: its secret travels sealed in the form.
pub const SETUP_VALID_SECONDS: i64 = 3600;

/// What a person needs to add the account to their app.
pub struct Setup {
    /// The secret as base32 text, to type in by hand.
    pub secret: Secret<String>,
    /// `otpauth://totp/<issuer>:<email>?secret=…&issuer=…`.
    pub uri: Secret<String>,
    /// The URI as a QR code: an SVG document drawn here, for the page to inline.
    pub qr_svg: Secret<String>,
    /// The secret sealed for this account and this moment, for the form that turns it on.
    pub sealed: String,
}

/// A new secret for `account_id`, named by the portal (`issuer`) and the address (`email`).
pub fn new_setup(key: &SealKey, account_id: i64, issuer: &str, email: &str, now: i64) -> Result<Setup, Error> {
    let secret = totp_rs::Secret::from(random_bytes::<20>()?.to_vec()).to_base32();
    let sealed = key.seal(&format!("{now}.{secret}"), &setup_context(account_id))?;
    setup(Secret::new(secret), sealed, issuer, email)
}

/// The setup [`new_setup`] sealed as `sealed` for `account_id` again (the page shown anew after
/// a wrong code), unless it has expired or was sealed for someone else.
pub fn reopen_setup(
    key: &SealKey,
    sealed: &str,
    account_id: i64,
    issuer: &str,
    email: &str,
    now: i64,
) -> Option<Result<Setup, Error>> {
    let secret = open_setup(key, sealed, account_id, now)?;
    Some(setup(secret, sealed.to_owned(), issuer, email))
}

fn setup(secret: Secret<String>, sealed: String, issuer: &str, email: &str) -> Result<Setup, Error> {
    let bytes = totp_rs::Secret::try_from_base32(secret.expose())
        .map_err(|e| Error::System(format!("authenticator secret: {e}")))?;
    let totp = app(bytes.as_bytes().to_vec(), issuer, email)?;
    let uri = totp.to_url().map_err(|e| Error::System(format!("otpauth URI: {e}")))?;
    let qr = QrCode::new(uri.as_bytes()).map_err(|e| Error::System(format!("QR code: {e}")))?;
    let drawn = qr.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    // An SVG document starts with an XML declaration, which has no place inside HTML.
    let qr_svg = drawn.find("<svg").map_or(drawn.as_str(), |start| &drawn[start..]).to_owned();
    Ok(Setup { secret, uri: Secret::new(uri), qr_svg: Secret::new(qr_svg), sealed })
}

/// The secret of a setup form sealed by [`new_setup`] for `account_id`, unless it has expired
/// or was sealed for someone else.
pub fn open_setup(key: &SealKey, sealed: &str, account_id: i64, now: i64) -> Option<Secret<String>> {
    let opened = key.open(sealed, &setup_context(account_id))?;
    let (at, secret) = opened.expose().split_once('.')?;
    let at: i64 = at.parse().ok()?;
    (now - at <= SETUP_VALID_SECONDS && at <= now).then(|| Secret::new(secret.to_owned()))
}

/// The secret sealed for storage.
pub fn seal_secret(key: &SealKey, secret: &Secret<String>, account_id: i64) -> Result<String, Error> {
    key.seal(secret.expose(), &stored_context(account_id))
}

/// The stored secret in clear; `None` when the key changed.
pub fn open_secret(key: &SealKey, sealed: &str, account_id: i64) -> Option<Secret<String>> {
    key.open(sealed, &stored_context(account_id))
}

/// The time step whose code `code` is, within one step of `now`; `None` for a wrong code.
pub fn step_of(secret: &Secret<String>, code: &str, now: i64) -> Option<i64> {
    let bytes = totp_rs::Secret::try_from_base32(secret.expose()).ok()?;
    let totp = app(bytes.as_bytes().to_vec(), "", "latchkey").ok()?;
    let step = totp.check(code, u64::try_from(now).ok()?)?;
    i64::try_from(step).ok()
}

/// Whether `code` has the form of an app's code (six digits) rather than a recovery code.
pub fn looks_like_app_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

fn app(secret: Vec<u8>, issuer: &str, email: &str) -> Result<Totp, Error> {
    // `:` separates issuer and label in the URI: neither may hold one.
    let issuer = issuer.replace(':', " ");
    Builder::new()
        .with_secret(secret)
        .with_account_name(email.replace(':', " "))
        .with_issuer((!issuer.trim().is_empty()).then_some(issuer))
        .build()
        .map_err(|e| Error::System(format!("authenticator app: {e}")))
}

fn setup_context(account_id: i64) -> String {
    format!("totp setup {account_id}")
}

fn stored_context(account_id: i64) -> String {
    format!("totp {account_id}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_rfc_6238_appendix_b() {
        let secret = Secret::new(RFC_SECRET.to_owned());
        // The RFC's 8-digit values, last six digits.
        for (time, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            assert_eq!(step_of(&secret, code, time), Some(time / 30), "at {time}");
        }
    }

    #[test]
    fn one_step_of_drift_is_accepted_and_more_is_not() {
        let secret = Secret::new(RFC_SECRET.to_owned());
        let code = "081804"; // step 37037036
        let at = 1_111_111_109;
        assert!(step_of(&secret, code, at + 30).is_some(), "a step late");
        assert!(step_of(&secret, code, at - 30).is_some(), "a step early");
        assert_eq!(step_of(&secret, code, at + 90), None, "three steps late");
        assert_eq!(step_of(&secret, code, at - 90), None, "three steps early");
        assert_eq!(step_of(&secret, "000000", at), None);
    }

    #[test]
    fn a_setup_shows_the_secret_three_ways_and_seals_it_for_one_account() {
        let key = SealKey::derive(b"some key material of 32 bytes!!!");
        let setup = new_setup(&key, 7, "Acme: Portal", "ada@example.com", 100).unwrap();
        assert_eq!(setup.secret.expose().len(), 32, "160 bits in base32");
        assert!(setup.uri.expose().starts_with("otpauth://totp/"), "{}", setup.uri.expose());
        assert!(setup.uri.expose().contains(&format!("secret={}", setup.secret.expose())));
        assert!(setup.qr_svg.expose().starts_with("<svg"));
        assert_eq!(open_setup(&key, &setup.sealed, 7, 200).unwrap().expose(), setup.secret.expose());
        assert!(open_setup(&key, &setup.sealed, 8, 200).is_none(), "another account's");
        assert!(open_setup(&key, &setup.sealed, 7, 100 + SETUP_VALID_SECONDS + 1).is_none(), "expired");
        let again = reopen_setup(&key, &setup.sealed, 7, "Acme: Portal", "ada@example.com", 300).unwrap().unwrap();
        assert_eq!((again.secret.expose(), again.uri.expose()), (setup.secret.expose(), setup.uri.expose()));
        let sealed = seal_secret(&key, &setup.secret, 7).unwrap();
        assert!(!sealed.contains(setup.secret.expose()));
        assert_eq!(open_secret(&key, &sealed, 7).unwrap().expose(), setup.secret.expose());
    }
}
