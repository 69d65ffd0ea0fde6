# Latchkey's three commands (CONTRACT.md §1). Each installs what it needs first.
SHELL := /usr/bin/env bash

# Tools from npm (wasm-opt) live here; cargo-leptos finds them on PATH and never downloads.
export PATH := $(CURDIR)/target/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run build test bench tools test-tools clean-db

## make run: build in release mode, migrate the default SQLite database, serve on :3000.
run: build
	./target/release/latchkey migrate
	./target/release/latchkey serve

## make build: target/release/latchkey and the site in target/site (with .br/.gz beside
## each asset, which the server sends to browsers that accept them).
build: tools
	cargo leptos build --release --precompress

## make test: every test: Rust on SQLite and PostgreSQL, then Playwright in Chromium.
test: build test-tools
	scripts/test.sh

## make bench: the speed and size measurements.
bench: build
	scripts/bench.sh

tools:
	scripts/setup.sh build

test-tools:
	scripts/setup.sh test
