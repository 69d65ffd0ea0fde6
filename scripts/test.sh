#!/usr/bin/env bash
# Every test: Rust on SQLite, the integration tests again on PostgreSQL, then Playwright
# against the release binary in Debian's Chromium. Run through `make test`, which builds the
# release binary and installs the test tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Rust unit and integration tests (SQLite)"
# The wasm entry crates are left out: built natively they would unify `hydrate`/`csr` with `ssr`.
cargo test --workspace --exclude latchkey-frontend --exclude latchkey-spa

pg_url=${LATCHKEY_TEST_PG_URL:-}
if [[ -z $pg_url ]] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  pg_url=postgres://postgres@127.0.0.1:5432/test
fi
if [[ -n $pg_url ]]; then
  say "Integration tests on PostgreSQL (a fresh database per test, dropped afterwards)"
  LATCHKEY_TEST_PG_URL=$pg_url cargo test -p latchkey-domain --tests
  say "Servers on PostgreSQL: two sharing one database, and a database outage"
  LATCHKEY_TEST_PG_URL=$pg_url cargo test -p latchkey --features postgres-tests --test postgres
else
  say "SKIPPED: the PostgreSQL integration tests (no server on 127.0.0.1:5432, LATCHKEY_TEST_PG_URL unset)"
fi

if command -v systemd-analyze >/dev/null; then
  say "The systemd unit in deploy/ (systemd-analyze verify, with this build's binary)"
  unit_dir=$(mktemp -d)
  sed "s|/usr/lib/latchkey/latchkey|$PWD/target/release/latchkey|" deploy/latchkey.service >"$unit_dir/latchkey.service"
  verdict=$(systemd-analyze verify "$unit_dir/latchkey.service" 2>&1 || echo "systemd-analyze failed")
  rm -rf "$unit_dir"
  if [[ -n $verdict ]]; then
    echo "$verdict"
    exit 1
  fi
else
  say "SKIPPED: systemd-analyze verify (systemd-analyze not installed)"
fi

say "End-to-end tests (Playwright, Debian's Chromium, JavaScript off and on)"
cd end2end
npx playwright test
