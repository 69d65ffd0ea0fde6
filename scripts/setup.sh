#!/usr/bin/env bash
# Installs whatever is missing, from the package registries only (crates.io, npm, Debian), for
# one purpose at a time: `build` (what building and serving need), `spa` (Trunk, for the
# single-page app), `lint` (cargo-machete), `test` (all of these, and what the tests run:
# Chromium, nginx, Caddy and the end-to-end test modules), `image` (the musl target, musl-gcc
# and podman, for the container image).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate's version in Cargo.lock
BINARYEN_VERSION=132
CARGO_MACHETE_VERSION=0.9.2
TRUNK_VERSION=0.21.14

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The tools are built for this machine, not for speed: without their own fat LTO and single
# codegen unit (cargo-leptos asks for both), and in one shared folder, so that what they have in
# common is compiled once.
tool_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_TARGET_DIR="$PWD/target/tool-build" cargo install "$@"
}


build_tools() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "first run: installing the build tools from crates.io (about 30 minutes on 2 cores, once), then the first build (about 15 minutes)"
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION"
    tool_install cargo-leptos@"$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: the published lock file of this version does not build on current Rust.
    tool_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! target/tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
    mkdir -p target/tools
    npm install --silent --no-audit --no-fund --prefix target/tools "binaryen@$BINARYEN_VERSION"
  fi
}

spa_tools() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (first time only, about 10 minutes)"
    tool_install trunk@"$TRUNK_VERSION" --locked
  fi
}

lint_tools() {
  if ! cargo machete --version 2>/dev/null | grep -q "$CARGO_MACHETE_VERSION"; then
    say "installing cargo-machete $CARGO_MACHETE_VERSION (first time only, about 2 minutes)"
    tool_install cargo-machete@"$CARGO_MACHETE_VERSION" --locked
  fi
}

# Debian packages, installed without starting any system service: the tests start their own.
apt_install() {
  say "installing $* from Debian"
  apt-get update -qq
  local guard=/usr/sbin/policy-rc.d created=
  if [[ ! -e $guard ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod +x "$guard" && created=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  if [[ -n $created ]]; then rm -f "$guard"; fi
}

test_tools() {
  local missing=()
  # Chromium for the browser tests; nginx and Caddy in front of Latchkey and a portal page.
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  [[ -x /usr/bin/caddy ]] || missing+=(caddy)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  # npm ci wipes node_modules; skip it when the lock file has not changed since the last install.
  local stamp=end2end/node_modules/.latchkey-lock-hash
  local want
  want=$(sha256sum end2end/package-lock.json | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    say "installing end-to-end test modules (npm ci)"
    (cd end2end && npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
}

# The static (musl) build of the image and an engine to build and run it: podman from Debian
# (with runc, which runs containers where crun cannot), unless docker answers.
image_tools() {
  if ! rustup target list --installed | grep -qx x86_64-unknown-linux-musl; then
    say "adding the x86_64-unknown-linux-musl target"
    rustup target add x86_64-unknown-linux-musl
  fi
  local missing=()
  command -v musl-gcc >/dev/null || missing+=(musl-tools)
  if ! command -v podman >/dev/null && ! docker info >/dev/null 2>&1; then
    missing+=(podman runc)
  fi
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
}

case ${1:-build} in
  build) build_tools ;;
  spa) build_tools && spa_tools ;;
  lint) lint_tools ;;
  test) build_tools && spa_tools && lint_tools && test_tools ;;
  image) build_tools && image_tools ;;
  *)
    echo "usage: $0 build|spa|lint|test|image" >&2
    exit 2
    ;;
esac
