//! A passkey in software, for tests without a browser: it answers the server's WebAuthn options
//! as an authenticator with user verification would (ES256, "none" attestation), and can be
//! told to answer from another origin or with an older signature counter (a clone).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub struct SoftPasskey {
    key: SigningKey,
    pub credential_id: Vec<u8>,
    /// The user handle the registration gave it.
    user_handle: Vec<u8>,
    /// The signature counter the next answer carries.
    pub counter: u32,
    /// Where the browser says the page was (`http://localhost:3000`).
    pub origin: String,
    rp_id: String,
}

impl SoftPasskey {
    /// A new key pair for the relying party `rp_id`, answering from `origin`.
    pub fn new(rp_id: &str, origin: &str) -> SoftPasskey {
        let key = loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).expect("randomness");
            if let Ok(key) = SigningKey::from_slice(&bytes) {
                break key;
            }
        };
        let mut credential_id = vec![0u8; 32];
        getrandom::fill(&mut credential_id).expect("randomness");
        SoftPasskey {
            key,
            credential_id,
            user_handle: Vec::new(),
            counter: 0,
            origin: origin.to_owned(),
            rp_id: rp_id.to_owned(),
        }
    }

    /// The answer to `navigator.credentials.create` with these options
    /// (`PublicKeyCredentialCreationOptionsJSON`), as `PublicKeyCredential.toJSON()` gives it.
    pub fn create(&mut self, options: &str) -> String {
        let options = public_key(options);
        self.user_handle = B64.decode(options["user"]["id"].as_str().expect("user.id")).expect("user.id base64url");
        let client_data = self.client_data("webauthn.create", &options);
        let point = self.key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        // COSE_Key, in CTAP2's canonical order: kty EC2, alg ES256, crv P-256, x, y.
        let mut cose = map_head(5);
        cose.extend([0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]);
        cose.extend(bytes(x));
        cose.push(0x22);
        cose.extend(bytes(y));
        let mut auth_data = self.auth_data(0x45); // user present, verified, credential data
        auth_data.extend([0u8; 16]); // AAGUID
        auth_data.extend(u16::try_from(self.credential_id.len()).expect("short id").to_be_bytes());
        auth_data.extend(&self.credential_id);
        auth_data.extend(cose);
        let mut attestation = map_head(3);
        attestation.extend(text("fmt"));
        attestation.extend(text("none"));
        attestation.extend(text("attStmt"));
        attestation.extend(map_head(0));
        attestation.extend(text("authData"));
        attestation.extend(bytes(&auth_data));
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key", "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": B64.encode(&client_data),
                "attestationObject": B64.encode(&attestation),
                "authenticatorData": B64.encode(&auth_data),
                "publicKeyAlgorithm": -7,
                "transports": ["internal"],
            },
        })
        .to_string()
    }

    /// The answer to `navigator.credentials.get` with these options
    /// (`PublicKeyCredentialRequestOptionsJSON`); the counter moves on by one.
    pub fn get(&mut self, options: &str) -> String {
        let options = public_key(options);
        self.counter += 1;
        let client_data = self.client_data("webauthn.get", &options);
        let auth_data = self.auth_data(0x05); // user present, verified
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature: Signature = self.key.sign(&signed);
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key", "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": B64.encode(&client_data),
                "authenticatorData": B64.encode(&auth_data),
                "signature": B64.encode(signature.to_der().as_bytes()),
                "userHandle": B64.encode(&self.user_handle),
            },
        })
        .to_string()
    }

    /// A copy of this passkey (the same key, id and counter), as a cloned authenticator would be.
    pub fn clone_of(&self) -> SoftPasskey {
        SoftPasskey {
            key: self.key.clone(),
            credential_id: self.credential_id.clone(),
            user_handle: self.user_handle.clone(),
            counter: self.counter,
            origin: self.origin.clone(),
            rp_id: self.rp_id.clone(),
        }
    }

    fn client_data(&self, kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["challenge"].as_str().expect("challenge");
        json!({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }

    fn auth_data(&self, flags: u8) -> Vec<u8> {
        let mut data = Sha256::digest(self.rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend(self.counter.to_be_bytes());
        data
    }
}

/// The options, whether or not they come wrapped in `{"publicKey": …}`.
fn public_key(options: &str) -> Value {
    let value: Value = serde_json::from_str(options).expect("options are JSON");
    match value.get("publicKey") {
        Some(inner) => inner.clone(),
        None => value,
    }
}

fn head(major: u8, len: usize) -> Vec<u8> {
    let major = major << 5;
    match len {
        0..=23 => vec![major | u8::try_from(len).unwrap_or(0)],
        24..=255 => vec![major | 24, u8::try_from(len).unwrap_or(0)],
        _ => {
            let mut out = vec![major | 25];
            out.extend(u16::try_from(len).expect("short").to_be_bytes());
            out
        }
    }
}

fn map_head(entries: usize) -> Vec<u8> {
    head(5, entries)
}

fn bytes(data: &[u8]) -> Vec<u8> {
    let mut out = head(2, data.len());
    out.extend(data);
    out
}

fn text(s: &str) -> Vec<u8> {
    let mut out = head(3, s.len());
    out.extend(s.as_bytes());
    out
}
