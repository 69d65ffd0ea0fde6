//! Argon2id hashing on a few dedicated threads (one per core), so a burst of logins queues
//! there instead of starving the async runtime. Each hash needs a 19 MiB block buffer; every
//! hashing thread keeps one and reuses it, so memory stays at one buffer per core however many
//! logins come, and no hash pays for fresh pages.

use std::cell::RefCell;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
    mpsc,
};

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{self, Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng},
};
use tokio::sync::{OnceCell, oneshot};

use crate::{Error, secret::Secret};

/// OWASP's minimum for Argon2id: m=19456 KiB, t=2, p=1.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

type Job = Box<dyn FnOnce() + Send>;

/// Jobs that may wait per hashing thread. About 20 ms each, so a full queue is about a third
/// of a second of waiting; anything beyond it is turned away at once (503 with `Retry-After`)
/// rather than making every login wait behind a flood.
const QUEUE_PER_THREAD: usize = 16;

#[derive(Clone)]
pub struct PasswordHasher {
    /// Work for the hashing threads, bounded; they stop when the last hasher is dropped.
    jobs: mpsc::SyncSender<Job>,
    /// A hash of nothing in particular, verified against when an account does not exist or
    /// has no password, so that such a login costs the same time as a real one.
    decoy: Arc<OnceCell<String>>,
    /// Verifications run so far (for metrics, and to prove throttled logins skip them).
    verifications: Arc<AtomicU64>,
    /// Jobs waiting for a hashing thread (the `latchkey_hash_queue_depth` gauge).
    queued: Arc<AtomicU64>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    /// One hashing thread per core.
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_threads(cores, cores * QUEUE_PER_THREAD)
    }

    /// `threads` hashing threads with room for `queue` waiting jobs.
    pub fn with_threads(threads: usize, queue: usize) -> Self {
        let (jobs, queue) = mpsc::sync_channel::<Job>(queue);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                loop {
                    // The lock is held only while waiting for the next job, not while hashing.
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return, // every hasher is gone
                    }
                }
            });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "could not start a hashing thread");
            }
        }
        PasswordHasher {
            jobs,
            decoy: Arc::new(OnceCell::new()),
            verifications: Arc::new(AtomicU64::new(0)),
            queued: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh random salt.
    pub async fn hash(&self, password: &Secret<String>) -> Result<String, Error> {
        let password = password.clone();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            hash_phc(password.expose().as_bytes(), &salt).map_err(|e| Error::System(format!("password hashing: {e}")))
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
                verify_phc(password.expose().as_bytes(), &phc)
                    .map_err(|e| Error::System(format!("stored password hash: {e}")))
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
        let (done, result) = oneshot::channel();
        let queued = Arc::clone(&self.queued);
        let job: Job = Box::new(move || {
            set_queue_depth(queued.fetch_sub(1, Ordering::Relaxed).saturating_sub(1));
            // A client that has gone (its request dropped) no longer waits for the answer.
            if !done.is_closed() {
                let _ = done.send(work());
            }
        });
        set_queue_depth(self.queued.fetch_add(1, Ordering::Relaxed) + 1);
        self.jobs.try_send(job).map_err(|err| {
            set_queue_depth(self.queued.fetch_sub(1, Ordering::Relaxed).saturating_sub(1));
            match err {
                mpsc::TrySendError::Full(_) => Error::Busy,
                mpsc::TrySendError::Disconnected(_) => Error::System("the hashing threads have stopped".into()),
            }
        })?;
        result.await.map_err(|_| Error::System("a hashing job was lost".into()))?
    }
}

#[allow(clippy::cast_precision_loss)] // a queue depth is far below 2^52
fn set_queue_depth(depth: u64) {
    metrics::gauge!("latchkey_hash_queue_depth").set(depth as f64);
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants within Argon2's limits, so `Params::new` cannot fail;
    // falling back to the library default (which is also OWASP's) keeps this panic-free.
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

thread_local! {
    /// This thread's Argon2 working memory, kept between hashes.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` with this thread's block buffer, sized to `count` blocks.
fn with_blocks<T>(count: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        if blocks.len() != count {
            *blocks = vec![Block::default(); count];
        }
        work(&mut blocks)
    })
}

/// The PHC string for `password` with `salt`, exactly as argon2's `hash_password` writes it,
/// computed in this thread's reusable buffer.
fn hash_phc(password: &[u8], salt: &SaltString) -> password_hash::Result<String> {
    let argon2 = argon2();
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes)?;
    let output = with_blocks(argon2.params().block_count(), |blocks| {
        Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, blocks)?)
        })
    })?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches a stored PHC string (whatever its Argon2 parameters), compared
/// in constant time.
fn verify_phc(password: &[u8], phc: &str) -> password_hash::Result<bool> {
    let parsed = PasswordHash::new(phc)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(password_hash::Error::PhcStringField);
    };
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let computed = with_blocks(params.block_count(), |blocks| {
        Output::init_with(expected.len(), |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, blocks)?)
        })
    })?;
    Ok(computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_phc_strings_are_argon2s_own() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let salt = SaltString::generate(&mut OsRng);
        let ours = hash_phc(b"correct horse battery staple", &salt).unwrap();
        let theirs = argon2().hash_password(b"correct horse battery staple", &salt).unwrap().to_string();
        assert_eq!(ours, theirs, "identical to argon2's own hash_password");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2().verify_password(b"correct horse battery staple", &parsed).is_ok());
        assert!(verify_phc(b"correct horse battery staple", &theirs).unwrap());
        assert!(!verify_phc(b"correct horse battery stapler", &theirs).unwrap());
    }

    #[test]
    fn verifies_hashes_made_with_other_parameters() {
        use argon2::password_hash::PasswordHasher as _;
        let salt = SaltString::generate(&mut OsRng);
        let params = Params::new(8 * 1024, 3, 1, None).unwrap();
        let older = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password(b"pw", &salt).unwrap();
        assert!(verify_phc(b"pw", &older.to_string()).unwrap());
        assert!(!verify_phc(b"other", &older.to_string()).unwrap());
    }

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

    #[tokio::test]
    async fn a_full_queue_turns_work_away_at_once() {
        // One thread, room for two waiting jobs: of twelve sent together, the one being hashed
        // and the two waiting are done, and the others are refused without waiting.
        let hasher = PasswordHasher::with_threads(1, 2);
        let password = Secret::new("correct horse battery staple".to_owned());
        let handles: Vec<_> = (0..12)
            .map(|_| {
                let (hasher, password) = (hasher.clone(), password.clone());
                tokio::spawn(async move { hasher.hash(&password).await })
            })
            .collect();
        let results = futures_join(handles.into_iter()).await;
        let busy = results.iter().filter(|r| matches!(r, Err(Error::Busy))).count();
        let done = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(busy + done, 12, "nothing else happens: {results:?}");
        assert!(busy >= 8 && done >= 1, "{busy} refused, {done} hashed");
    }

    async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    }
}
