//! The keys ID tokens are signed with: ES256 (P-256), in the database so that every server
//! signs with the same one, the private part encrypted with a key derived from the server key.
//! The newest key not retired signs; `latchkey keys rotate` retires it for a new one, and a
//! retired key stays in the JWKS until the last token it signed has expired.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::oauth_key;
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation,
    jwk::{
        AlgorithmParameters, CommonParameters, EllipticCurve, EllipticCurveKeyParameters, EllipticCurveKeyType, Jwk,
        JwkSet, KeyAlgorithm, PublicKeyUse,
    },
};
use p256::{SecretKey, elliptic_curve::sec1::ToEncodedPoint, pkcs8::EncodePrivateKey};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait, sea_query::Expr,
};
use serde::{Serialize, de::DeserializeOwned};

use super::ID_TOKEN_SECONDS;
use crate::{
    Error, Latchkey,
    token::{random_bytes, random_hex},
};

/// The HKDF label of the key that encrypts signing keys at rest.
pub const HKDF_INFO: &[u8] = b"latchkey oidc signing keys v1";

impl Latchkey {
    /// Retires the signing key for a new one, which signs from now on; returns its `kid`.
    pub async fn rotate_signing_key(&self, now: i64) -> Result<String, Error> {
        let txn = self.db.begin().await?;
        oauth_key::Entity::update_many()
            .col_expr(oauth_key::Column::RetiredAt, Expr::value(now))
            .filter(oauth_key::Column::RetiredAt.is_null())
            .exec(&txn)
            .await?;
        let key = self.new_signing_key(&txn, now).await?;
        txn.commit().await?;
        Ok(key.kid)
    }

    /// The JWKS: every key whose tokens may still be live (the first key made if there is none).
    pub async fn published_keys(&self, now: i64) -> Result<JwkSet, Error> {
        let mut rows = oauth_key::Entity::find()
            .filter(published(now))
            .order_by_desc(oauth_key::Column::CreatedAt)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            rows.push(self.new_signing_key(&self.db, now).await?);
        }
        Ok(JwkSet { keys: rows.iter().map(jwk).collect() })
    }

    /// `claims` as a compact JWS signed with the current key (made on first use), looked up
    /// through `db` (the transaction that issues the token).
    pub(super) async fn sign<T: Serialize>(
        &self,
        db: &impl ConnectionTrait,
        claims: &T,
        now: i64,
    ) -> Result<String, Error> {
        let current = oauth_key::Entity::find()
            .filter(oauth_key::Column::RetiredAt.is_null())
            .order_by_desc(oauth_key::Column::CreatedAt)
            .order_by_desc(oauth_key::Column::Kid)
            .one(db)
            .await?;
        let row = match current {
            Some(row) => row,
            None => self.new_signing_key(db, now).await?,
        };
        let sealed = self.oidc_key.open(&row.private_key, &row.kid);
        let secret = sealed
            .and_then(|scalar| URL_SAFE_NO_PAD.decode(scalar.expose()).ok())
            .and_then(|bytes| SecretKey::from_slice(&bytes).ok())
            .ok_or_else(|| Error::System(format!("signing key {} cannot be read with this server key", row.kid)))?;
        let der = secret.to_pkcs8_der().map_err(|e| Error::System(format!("signing key: {e}")))?;
        let header = Header { kid: Some(row.kid), ..Header::new(Algorithm::ES256) };
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ec_der(der.as_bytes()))
            .map_err(|e| Error::System(format!("signing: {e}")))
    }

    /// The claims of a token this provider signed with a key it still publishes, whatever
    /// its expiry (a logout's `id_token_hint` may be old); `None` for anything else.
    pub(super) async fn signed_by_us<T: DeserializeOwned>(&self, token: &str, now: i64) -> Option<T> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid?;
        let row = oauth_key::Entity::find_by_id(kid).filter(published(now)).one(&self.db).await.ok()??;
        let key = DecodingKey::from_ec_components(&row.x, &row.y).ok()?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<T>(token, &key, &validation).ok().map(|data| data.claims)
    }

    async fn new_signing_key(&self, db: &impl ConnectionTrait, now: i64) -> Result<oauth_key::Model, Error> {
        // A random 256-bit string is a valid P-256 scalar but for a chance of about 2^-32.
        let secret = loop {
            if let Ok(secret) = SecretKey::from_slice(&random_bytes::<32>()?) {
                break secret;
            }
        };
        let point = secret.public_key().to_encoded_point(false);
        let (Some(x), Some(y)) = (point.x(), point.y()) else {
            return Err(Error::System("a P-256 public key without coordinates".into()));
        };
        let kid = random_hex::<8>()?;
        let scalar = URL_SAFE_NO_PAD.encode(secret.to_bytes());
        let row = oauth_key::ActiveModel {
            private_key: Set(self.oidc_key.seal(&scalar, &kid)?),
            kid: Set(kid),
            x: Set(URL_SAFE_NO_PAD.encode(x)),
            y: Set(URL_SAFE_NO_PAD.encode(y)),
            created_at: Set(now),
            retired_at: Set(None),
        };
        Ok(row.insert(db).await?)
    }
}

/// Keys not retired, or retired so recently that a token they signed may still be live.
fn published(now: i64) -> Condition {
    Condition::any()
        .add(oauth_key::Column::RetiredAt.is_null())
        .add(oauth_key::Column::RetiredAt.gt(now - ID_TOKEN_SECONDS))
}

/// Removes keys no live token was signed with.
pub(crate) async fn purge_retired(db: &impl ConnectionTrait, now: i64) -> Result<u64, sea_orm::DbErr> {
    let old = oauth_key::Column::RetiredAt.lte(now - ID_TOKEN_SECONDS);
    Ok(oauth_key::Entity::delete_many().filter(old).exec(db).await?.rows_affected)
}

fn jwk(row: &oauth_key::Model) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::ES256),
            key_id: Some(row.kid.clone()),
            ..CommonParameters::default()
        },
        algorithm: AlgorithmParameters::EllipticCurve(EllipticCurveKeyParameters {
            key_type: EllipticCurveKeyType::EC,
            curve: EllipticCurve::P256,
            x: row.x.clone(),
            y: row.y.clone(),
        }),
    }
}
