#!/usr/bin/env bash
# Installs whatever is missing, from the package registries only (crates.io, npm, Debian).
# `setup.sh build`: what building needs. `setup.sh test`: what the tests need as well.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate's version in Cargo.lock
BINARYEN_VERSION=132
CARGO_MACHETE_VERSION=0.9.2
TRUNK_VERSION=0.21.14

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (first time only, about 13 minutes)"
    cargo install cargo-leptos@"$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (first time only)"
    # Not --locked: the published lock file of this version does not build on current Rust.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! cargo machete --version 2>/dev/null | grep -q "$CARGO_MACHETE_VERSION"; then
    say "installing cargo-machete $CARGO_MACHETE_VERSION (first time only, about 2 minutes)"
    cargo install cargo-machete@"$CARGO_MACHETE_VERSION" --locked
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (first time only, about 10 minutes)"
    cargo install trunk@"$TRUNK_VERSION" --locked
  fi
  if ! target/tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
    mkdir -p target/tools
    npm install --silent --no-audit --no-fund --prefix target/tools "binaryen@$BINARYEN_VERSION"
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
  if [[ ! -x /usr/bin/chromium ]]; then
    apt_install chromium
  fi
  # nginx and Caddy in front of Latchkey and a portal page, for the forward-auth tests.
  if [[ ! -x /usr/sbin/nginx ]]; then
    apt_install nginx-light
  fi
  if [[ ! -x /usr/bin/caddy ]]; then
    apt_install caddy
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

build_tools
if [[ ${1:-build} == test ]]; then
  test_tools
fi
