//! Argon2id hashing on the blocking pool, behind a semaphore, so a burst of logins cannot
//! starve the async runtime or exhaust memory (each hash takes 19 MiB).

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng},
};
use tokio::sync::{OnceCell, Semaphore};

use crate::{Error, secret::Secret};

/// OWASP's minimum for Argon2id: m=19456 KiB, t=2, p=1.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// A hash of nothing in particular, verified against when an account does not exist or
    /// has no password, so that such a login costs the same time as a real one.
    decoy: Arc<OnceCell<String>>,
    /// Verifications run so far (for metrics, and to prove throttled logins skip them).
    verifications: Arc<AtomicU64>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        PasswordHasher {
            permits: Arc::new(Semaphore::new(cores)),
            decoy: Arc::new(OnceCell::new()),
            verifications: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh random salt.
    pub async fn hash(&self, password: &Secret<String>) -> Result<String, Error> {
        let password = password.clone();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| Error::System(format!("password hashing: {e}")))
        })
        .await
    }

    /// Whether `password` matches `phc`. With `None` (no such account, or no password set) it
    /// checks against a decoy hash and answers false, taking the same time.
    pub async fn verify(&self, password: &Secret<String>, phc: Option<&str>) -> Result<bool, Error> {
        let decoy = self.decoy().await?;
        let (phc, real) = match phc {
            Some(phc) => (phc.to_owned(), true),
            None => (decoy.to_owned(), false),
        };
        let password = password.clone();
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let matches = self
            .run(move || {
                let parsed =
                    PasswordHash::new(&phc).map_err(|e| Error::System(format!("stored password hash: {e}")))?;
                Ok(argon2().verify_password(password.expose().as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(real && matches)
    }

    /// How many password verifications this hasher has run.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    async fn decoy(&self) -> Result<&String, Error> {
        self.decoy
            .get_or_try_init(|| async { self.hash(&Secret::new("latchkey decoy password".to_owned())).await })
            .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let _permit = self.permits.acquire().await.map_err(|e| Error::System(e.to_string()))?;
        tokio::task::spawn_blocking(work).await.map_err(|e| Error::System(format!("hashing task: {e}")))?
    }
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants within Argon2's limits, so `Params::new` cannot fail;
    // falling back to the library default (which is also OWASP's) keeps this panic-free.
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_at_owasp_strength_and_verifies() {
        let hasher = PasswordHasher::new();
        let password = Secret::new("correct horse battery staple".to_owned());
        let phc = hasher.hash(&password).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(hasher.verify(&password, Some(&phc)).await.unwrap());
        let wrong = Secret::new("correct horse battery stapler".to_owned());
        assert!(!hasher.verify(&wrong, Some(&phc)).await.unwrap());
    }

    #[tokio::test]
    async fn salts_differ_and_missing_hashes_never_verify() {
        let hasher = PasswordHasher::new();
        let password = Secret::new("latchkey decoy password".to_owned());
        assert_ne!(hasher.hash(&password).await.unwrap(), hasher.hash(&password).await.unwrap());
        // Even the decoy's own password does not sign anyone in.
        assert!(!hasher.verify(&password, None).await.unwrap());
    }
}
