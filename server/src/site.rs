//! Where the built site (wasm, JS, CSS) is, without needing cargo-leptos's environment.

use std::{
    hash::{DefaultHasher, Hasher},
    path::{Path, PathBuf},
};

use latchkey_app::AssetVersion;
use latchkey_domain::config::Config;
use leptos::config::{Env, LeptosOptions};

/// `LATCHKEY_SITE_ROOT` if set; else `site` beside the binary (an installed copy); else
/// `../site` from it (`target/release/../site`, a build); else `target/site` below the
/// working directory (the repository root).
fn site_root(config: &Config) -> PathBuf {
    if let Some(root) = &config.http.site_root {
        return root.clone();
    }
    let exe_dir = std::env::current_exe().ok().and_then(|exe| exe.parent().map(PathBuf::from));
    let mut beside = exe_dir.iter().flat_map(|dir| [dir.join("site"), dir.join("../site")]);
    beside.find(|p| p.join("pkg").is_dir()).unwrap_or_else(|| PathBuf::from("target/site"))
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("latchkey")
        .site_root(site_root(config).to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.http.addr)
        .env(Env::PROD)
        .build()
}

/// The built assets' version: a hash of their contents, put in the URLs the pages use
/// (`/pkg/<version>/pkg/latchkey.js`), so that browsers may keep them for good and a new build
/// is fetched under new URLs. Worked out once, at start.
pub fn asset_version(options: &LeptosOptions) -> AssetVersion {
    let mut hasher = DefaultHasher::new();
    for file in ["latchkey.js", "latchkey.wasm", "latchkey.css"] {
        let path = Path::new(&*options.site_root).join(&*options.site_pkg_dir).join(file);
        hasher.write(&std::fs::read(path).unwrap_or_default());
    }
    AssetVersion(format!("{:016x}", hasher.finish()).into())
}
