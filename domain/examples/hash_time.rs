//! What the cores can do at Latchkey's Argon2id parameters: prints one check's time on one
//! thread (ms), then how many checks per second every core together manages with nothing else
//! to do. `make bench` holds logins to the second figure (issue 14).

use std::{sync::Arc, time::Instant};

use latchkey_domain::{password::PasswordHasher, secret::Secret};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let password = Arc::new(Secret::new("correct horse battery staple".to_owned()));
    let one = PasswordHasher::with_threads(1, 16);
    let phc: Arc<str> = one.hash(&password).await?.into();
    const CHECKS: u32 = 20;
    let started = Instant::now();
    for _ in 0..CHECKS {
        one.verify(&password, Some(&phc)).await?;
    }
    let one_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(CHECKS);

    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let all = PasswordHasher::with_threads(cores, 1024);
    let per_core = 20;
    let started = Instant::now();
    let checks: Vec<_> = (0..cores * per_core)
        .map(|_| {
            let (all, password, phc) = (all.clone(), Arc::clone(&password), Arc::clone(&phc));
            tokio::spawn(async move { all.verify(&password, Some(&phc)).await })
        })
        .collect();
    for check in checks {
        check.await??;
    }
    let per_second = (cores * per_core) as f64 / started.elapsed().as_secs_f64();
    println!("{one_ms:.3} {per_second:.1}");
    Ok(())
}
