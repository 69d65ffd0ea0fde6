//! Where the built site (wasm, JS, CSS) is, without needing cargo-leptos's environment.

use std::{net::SocketAddr, path::PathBuf};

use leptos::config::{Env, LeptosOptions};

/// `LEPTOS_SITE_ROOT` if set; else `target/site` below the working directory (the repository
/// root); else `site` beside the binary's directory (`target/release/../site`).
fn site_root() -> PathBuf {
    if let Some(root) = std::env::var_os("LEPTOS_SITE_ROOT") {
        return root.into();
    }
    let from_cwd = PathBuf::from("target/site");
    if from_cwd.is_dir() {
        return from_cwd;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("site")))
        .filter(|p| p.is_dir())
        .unwrap_or(from_cwd)
}

pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("latchkey")
        .site_root(site_root().to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .build()
}
