# Latchkey's commands (CONTRACT.md §1). Each installs what it needs first, and nothing more.
SHELL := /usr/bin/env bash

# Tools from npm (wasm-opt) live here; cargo-leptos finds them on PATH and never downloads.
export PATH := $(CURDIR)/target/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run build spa test lint bench screenshots image

## make run: build in release mode, migrate the default SQLite database, serve on :3000.
run: build
	./target/release/latchkey migrate
	./target/release/latchkey serve

## make build: target/release/latchkey and the site in target/site (with .br/.gz beside
## each asset, which the server sends to browsers that accept them).
build:
	scripts/setup.sh build
	cargo leptos build --release --precompress

## make spa: the same pages as a static single-page app in dist/ (hashed names, wasm-opt,
## .br/.gz beside each file), for any static host that answers unknown paths with index.html.
spa:
	scripts/setup.sh spa
	scripts/spa.sh

## make test: every test: Rust on SQLite and PostgreSQL, then Playwright in Chromium.
test: build spa lint
	scripts/setup.sh test
	scripts/test.sh

## make lint: formatting, clippy (warnings are errors; no unwrap/expect outside tests; one
## place reads the clock) and unused dependencies (cargo-machete).
lint:
	scripts/setup.sh lint
	cargo fmt --all -- --check
	cargo machete
	cargo clippy --workspace --exclude latchkey-frontend --exclude latchkey-spa --all-targets --features latchkey/postgres-tests -- -D warnings
	cargo clippy -p latchkey-frontend -p latchkey-spa --target wasm32-unknown-unknown -- -D warnings

## make screenshots: every page, light and dark, desktop and phone width, in docs/screenshots/.
screenshots: build
	scripts/setup.sh test
	cd end2end && npx playwright test -c screenshots.config.ts

## make image: the container image latchkey:<version>, FROM scratch: the static binary and the
## site (podman or docker); scripts/image_test.sh runs it as an operator would.
image: build
	scripts/setup.sh image
	scripts/image.sh

## make bench: the speed and size measurements.
bench: build
	scripts/bench.sh
