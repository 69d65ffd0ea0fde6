#!/usr/bin/env bash
# `make bench`: sizes and speeds of the release build. First Latchkey beside Django 5.2, by wrk
# at saturation and oha at a fixed rate (bench/run.py: target/bench/report.md and latency.png;
# fails when a budget is missed), then the accounts page at 100,000 accounts, a login flood,
# passkey sign-ins beside password sign-ins, second steps with an app's code, the OpenID
# Connect token and userinfo endpoints beside forward auth, and a soak with real mail (figures
# only).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  echo "==> installing wrk from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! oha --version 2>/dev/null | grep -q "oha 1.16"; then
  echo "==> installing oha 1.16 from crates.io (a constant-rate load generator; first time only)"
  cargo install oha --version "~1.16" --locked
fi
venv=target/tools/bench-venv
if [[ ! -x $venv/bin/gunicorn || ! -f $venv/.ready ]]; then
  echo "==> installing the bench's Python tools (Django 5.2, gunicorn, matplotlib, aiosmtpd)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/peers/django/requirements.txt \
    matplotlib==3.10.* aiosmtpd==1.4.6
  touch "$venv/.ready"
fi
status=0
"$venv/bin/python" bench/run.py || status=$?
echo

work=$(mktemp -d)
port=${LATCHKEY_BENCH_PORT:-3197}
export LATCHKEY_ADDR=127.0.0.1:$port
export LATCHKEY_DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export LATCHKEY_MAIL_DIR=$work/mail
export LATCHKEY_LOG=warn
# Benchmarks measure the work, not the abuse limits.
export LATCHKEY_RATE_LIMIT_IP_PER_MIN=1000000
# A domain name, which passkeys need (the server still listens on 127.0.0.1).
export LATCHKEY_BASE_URL=http://localhost:$port

echo "## Bundle (target/site/pkg)"
for f in target/site/pkg/latchkey.wasm target/site/pkg/latchkey.js target/site/pkg/latchkey.css; do
  raw=$(stat -c%s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  br=$([[ -f $f.br ]] && stat -c%s "$f.br" || echo "n/a")
  printf '%-32s raw %8d B   gzip %8d B   brotli (served) %8s B\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
echo

for i in $(seq 0 7); do
  echo 'correct horse battery staple' | target/release/latchkey user add --email "bench$i@example.com" --role owner --password-stdin >/dev/null
done
# 100,000 more accounts, so the accounts page is measured at the size the issue asks for.
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = ((f"person{n}@example.com", f"person{n}@example.com", f"Person {n}") for n in range(100_000))
db.executemany(
    "INSERT INTO accounts (email, email_normalized, name, role, password_hash, disabled, created_at, updated_at)"
    " VALUES (?, ?, ?, 'consumer', NULL, 0, 0, 0)", rows)
db.commit()
PY
target/release/latchkey serve &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

python3 scripts/bench_http.py "http://127.0.0.1:$port"
echo
echo "## Passkey sign-ins beside password sign-ins (same server, same clients, 10 s each)"
# Four accounts get a passkey (their password logins would then be only a first step); four
# keep their password alone. After the login flood above, which needs all eight without one.
cargo build --release -q -p latchkey-test-support --bins
target/release/bench_passkeys "http://127.0.0.1:$port" bench 4 10

echo
# Second steps with an authenticator app's code: 6,000 accounts, each with an app and two
# pending logins (written into the database as right passwords would have left them).
cargo build --release -q -p latchkey-domain --example bench_second_step
target/release/examples/bench_second_step "http://127.0.0.1:$port" 6000 16

echo
# The token endpoint by bench_oidc (every code and refresh token is used once, so each request
# has a body of its own), then userinfo beside forward auth's verify by oha, at saturation and
# at 1,000 requests a second offered.
app=$(target/release/latchkey client add --name Bench --redirect-uri https://portal.example.com/cb)
oidc=$(target/release/bench_oidc "http://127.0.0.1:$port" bench7@example.com \
  "$(sed -n 's/^client_id: //p' <<<"$app")" "$(sed -n 's/^client_secret: //p' <<<"$app")" 16 10 1000)
grep -v '^access_token: \|^session_cookie: ' <<<"$oidc"
oha_figures() {
  local name=$1 path=$2 header=$3
  shift 3
  oha --no-tui --output-format json --latency-correction -w -z 10s -c 16 "$@" -H "$header" "http://127.0.0.1:$port$path" |
    python3 -c 'import json, sys
r = json.load(sys.stdin); p = r["latencyPercentiles"]
print("{:38} {:8.0f} /s   p50 {:6.2f} ms   p99 {:6.2f} ms   statuses {}".format(
    sys.argv[1], r["summary"]["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, r.get("statusCodeDistribution")))' "$name"
}
access="Authorization: Bearer $(sed -n 's/^access_token: //p' <<<"$oidc")"
session="Cookie: $(sed -n 's/^session_cookie: //p' <<<"$oidc")"
oha_figures "userinfo, saturated" /oauth2/userinfo "$access"
oha_figures "userinfo at 1000/s offered" /oauth2/userinfo "$access" -q 1000
oha_figures "forward-auth verify, saturated" /api/auth/verify "$session"
oha_figures "forward-auth verify at 1000/s offered" /api/auth/verify "$session" -q 1000
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
kill $server; wait $server 2>/dev/null || true

echo
# The soak: a fresh server that sends real mail to the soak's own SMTP server (aiosmtpd); its
# links lead to the address it listens on.
unset LATCHKEY_BASE_URL
smtp_port=$((port + 1000))
for i in $(seq "${LATCHKEY_SOAK_USERS:-200}"); do
  echo 'correct horse battery staple' | target/release/latchkey user add --email "soak$i@example.com" --role consumer --password-stdin >/dev/null
done
LATCHKEY_SMTP_URL=smtp://127.0.0.1:$smtp_port target/release/latchkey serve &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
"$venv/bin/python" scripts/soak.py "http://127.0.0.1:$port" "$smtp_port" "${LATCHKEY_SOAK_USERS:-200}" "${LATCHKEY_SOAK_SECONDS:-60}"
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
exit $status
