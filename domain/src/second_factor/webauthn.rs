//! The WebAuthn ceremonies, as the `webauthn_rp` crate checks them: what is sent to the browser
//! (the options, as the W3C's JSON), what the server keeps meanwhile (encoded to bytes, for the
//! database), and the checks of the browser's answer. Passkeys are discoverable credentials with
//! user verification required; the relying party is the host of `LATCHKEY_BASE_URL`, and the
//! only origin accepted is that URL's.

use url::Url;
use webauthn_rp::{
    AuthenticatedCredential, DiscoverableAuthentication16, DiscoverableAuthenticationServerState,
    DiscoverableCredentialRequestOptions, PublicKeyCredentialCreationOptions, Registration, RegistrationServerState,
    bin::{Decode, Encode},
    request::{
        AsciiDomain, ExtensionInfo, PublicKeyCredentialDescriptor, RpId, TimedCeremony,
        auth::AuthenticationVerificationOptions,
        register::{
            CredProtect, Nickname, PublicKeyCredentialUserEntity, RegistrationVerificationOptions, UserHandle16,
            Username,
        },
    },
    response::{
        AuthTransports, CredentialId,
        register::{CompressedPubKey, DynamicState, StaticState},
    },
};

use crate::Error;

/// A ceremony's challenge as stored (its key in `passkey_ceremonies`).
pub(crate) type ChallengeKey = String;

/// Why a passkey ceremony failed. The detail is for the log, never for the browser.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Refused(pub String);

fn refused(what: &str, err: impl std::fmt::Display) -> Refused {
    Refused(format!("{what}: {err}"))
}

/// This server as a WebAuthn relying party.
pub(crate) struct RelyingParty {
    rp_id: RpId,
    origin: String,
}

impl RelyingParty {
    /// The relying party of `base_url`; `None` when its host is no domain name (WebAuthn has no
    /// passkeys for an IP address).
    pub(crate) fn of(base_url: &Url) -> Option<RelyingParty> {
        let host = base_url.domain()?;
        let rp_id = RpId::Domain(AsciiDomain::try_from(host.to_ascii_lowercase()).ok()?);
        Some(RelyingParty { rp_id, origin: base_url.origin().ascii_serialization() })
    }

    /// A new passkey for `user`: the options for `navigator.credentials.create`, and the state to
    /// keep until the answer comes. `existing` are the account's passkeys, which an
    /// authenticator is asked not to make again.
    pub(crate) fn begin_registration(
        &self,
        user: &UserHandle16,
        email: &str,
        name: &str,
        existing: Vec<Vec<u8>>,
    ) -> Result<Ceremony, Error> {
        let user = PublicKeyCredentialUserEntity {
            name: Username::try_from(email).map_err(|err| Error::System(format!("passkey user name: {err}")))?,
            id: user,
            // What the authenticator shows beside the address; none for an account without a name.
            display_name: Some(name)
                .filter(|name| !name.trim().is_empty())
                .and_then(|name| Nickname::try_from(name).ok()),
        };
        // No transports kept: an empty set lets the browser try every one.
        let transports =
            AuthTransports::decode(0).map_err(|err| Error::System(format!("passkey transports: {err}")))?;
        let exclude = existing
            .into_iter()
            .filter_map(|id| CredentialId::decode(id).ok())
            .map(|id| PublicKeyCredentialDescriptor { id, transports })
            .collect();
        let mut options = PublicKeyCredentialCreationOptions::passkey(&self.rp_id, user, exclude);
        // Ask authenticators to protect the passkey with user verification, without refusing
        // those that cannot (CTAP 2.0 keys, some platforms): every sign-in demands it anyway.
        options.extensions.cred_protect = CredProtect::UserVerificationRequired(ExtensionInfo::AllowDontEnforceValue);
        let (server, client) =
            options.start_ceremony().map_err(|err| Error::System(format!("passkey registration options: {err}")))?;
        let options = serde_json::to_string(&client).map_err(|err| Error::System(err.to_string()))?;
        let state = server.encode().map_err(|err| Error::System(format!("passkey registration state: {err}")))?;
        Ok(Ceremony { challenge: key_of(server.sent_challenge()), state, options })
    }

    /// The challenge a browser's answer to a registration says it answers.
    pub(crate) fn registration_challenge(answer: &str) -> Result<(Registration, ChallengeKey), Refused> {
        let registration = Registration::from_json_relaxed(answer.as_bytes()).map_err(|err| refused("answer", err))?;
        let challenge = registration.challenge_relaxed().map_err(|err| refused("challenge", err))?;
        Ok((registration, key_of(challenge)))
    }

    /// Checks a browser's answer to a registration against the state kept for it.
    pub(crate) fn finish_registration(&self, state: &[u8], answer: &Registration) -> Result<NewPasskey, Refused> {
        let server = RegistrationServerState::<16>::decode(state).map_err(|err| refused("registration state", err))?;
        let credential = server
            .verify(
                &self.rp_id,
                answer,
                &RegistrationVerificationOptions::<&str, &str> {
                    allowed_origins: &[self.origin.as_str()],
                    ..RegistrationVerificationOptions::default()
                },
            )
            .map_err(|err| refused("registration", err))?;
        let (id, _transports, user, static_state, dynamic_state, _metadata) = credential.into_parts();
        Ok(NewPasskey {
            id: id.as_ref().to_vec(),
            user_handle: user.encode().map(|bytes| bytes.to_vec()).unwrap_or_default(),
            static_state: static_state.encode().map_err(|err| refused("static state", err))?,
            dynamic_state: dynamic_state.encode().map(|bytes| bytes.to_vec()).unwrap_or_default(),
        })
    }

    /// A sign-in with any passkey of this site: the options for `navigator.credentials.get`.
    pub(crate) fn begin_sign_in(&self) -> Result<Ceremony, Error> {
        let (server, client) = DiscoverableCredentialRequestOptions::passkey(&self.rp_id)
            .start_ceremony()
            .map_err(|err| Error::System(format!("passkey sign-in options: {err}")))?;
        let options = serde_json::to_string(&client).map_err(|err| Error::System(err.to_string()))?;
        let state = server.encode().map_err(|err| Error::System(format!("passkey sign-in state: {err}")))?;
        Ok(Ceremony { challenge: key_of(server.sent_challenge()), state, options })
    }

    /// The challenge a browser's answer to a sign-in says it answers, and the credential it used.
    pub(crate) fn assertion(answer: &str) -> Result<(Assertion, ChallengeKey), Refused> {
        let assertion =
            DiscoverableAuthentication16::from_json_relaxed(answer.as_bytes()).map_err(|err| refused("answer", err))?;
        let challenge = assertion.challenge_relaxed().map_err(|err| refused("challenge", err))?;
        Ok((Assertion(assertion), key_of(challenge)))
    }

    /// Checks a sign-in's answer against its state and the stored passkey; returns the passkey's
    /// new dynamic state (its signature counter) when it changed. A counter that went backwards
    /// (a cloned authenticator) is refused.
    pub(crate) fn finish_sign_in(
        &self,
        state: &[u8],
        answer: &Assertion,
        stored: &StoredPasskey<'_>,
    ) -> Result<Option<Vec<u8>>, Refused> {
        let server =
            DiscoverableAuthenticationServerState::decode(state).map_err(|err| refused("sign-in state", err))?;
        let user: [u8; 16] = stored.user_handle.try_into().map_err(|_| Refused("user handle length".into()))?;
        let user = UserHandle16::decode(user).map_err(|err| refused("user handle", err))?;
        let static_state =
            StaticState::<CompressedPubKey<[u8; 32], [u8; 32], [u8; 48], Vec<u8>>>::decode(stored.static_state)
                .map_err(|err| refused("static state", err))?;
        let dynamic: [u8; 7] = stored.dynamic_state.try_into().map_err(|_| Refused("dynamic state length".into()))?;
        let dynamic_state = DynamicState::decode(dynamic).map_err(|err| refused("dynamic state", err))?;
        let mut credential = AuthenticatedCredential::new(answer.0.raw_id(), &user, static_state, dynamic_state)
            .map_err(|err| refused("credential", err))?;
        let changed = server
            .verify(
                &self.rp_id,
                &answer.0,
                &mut credential,
                &AuthenticationVerificationOptions::<&str, &str> {
                    allowed_origins: &[self.origin.as_str()],
                    ..AuthenticationVerificationOptions::default()
                },
            )
            .map_err(|err| refused("sign-in", err))?;
        Ok(changed.then(|| credential.dynamic_state().encode().map(|bytes| bytes.to_vec()).unwrap_or_default()))
    }
}

/// A new random user handle, for an account's first passkey.
pub(crate) fn new_user_handle() -> UserHandle16 {
    UserHandle16::new()
}

/// The user handle an account's passkeys were made for.
pub(crate) fn user_handle(stored: &[u8]) -> Option<UserHandle16> {
    let bytes: [u8; 16] = stored.try_into().ok()?;
    UserHandle16::decode(bytes).ok()
}

/// A ceremony begun: what the browser is sent, and what the server keeps.
pub(crate) struct Ceremony {
    pub challenge: ChallengeKey,
    pub state: Vec<u8>,
    /// `PublicKeyCredentialCreationOptionsJSON` or `…RequestOptionsJSON`.
    pub options: String,
}

/// A passkey as the registration made it, for the database.
pub(crate) struct NewPasskey {
    pub id: Vec<u8>,
    pub user_handle: Vec<u8>,
    pub static_state: Vec<u8>,
    pub dynamic_state: Vec<u8>,
}

/// A browser's answer to a sign-in, read but not yet checked.
pub(crate) struct Assertion(DiscoverableAuthentication16);

impl Assertion {
    /// The id of the passkey that signed.
    pub(crate) fn credential_id(&self) -> Vec<u8> {
        self.0.raw_id().as_ref().to_vec()
    }

    /// The user handle the authenticator says the passkey belongs to.
    pub(crate) fn user_handle(&self) -> Vec<u8> {
        self.0.response().user_handle().encode().map(|bytes| bytes.to_vec()).unwrap_or_default()
    }
}

/// A passkey as stored, for checking a sign-in.
pub(crate) struct StoredPasskey<'a> {
    pub user_handle: &'a [u8],
    pub static_state: &'a [u8],
    pub dynamic_state: &'a [u8],
}

fn key_of(challenge: webauthn_rp::response::SentChallenge) -> ChallengeKey {
    format!("{:032x}", challenge.0)
}
