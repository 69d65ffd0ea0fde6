#!/usr/bin/env bash
# The image, tried as an operator would: run it with a volume, add the first account with
# `exec … latchkey user add`, log in through the port, restart the container, and find the
# account and its session still there; and check the image holds the binary, the site and
# nothing else (no shell). Run by .ci/run after `make test` (`make image` first).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { echo "image test: $*" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
image=latchkey:$version
engine=podman
command -v podman >/dev/null || engine=docker
# What running a container takes in this sandbox (crun and cgroup limits fail here); an
# operator's engine needs none of it. Without systemd, podman cannot time health checks and
# says so on every start: those lines are left out (failures still fail).
run_flags=()
if [[ $engine == podman ]]; then
  run_flags=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network=host)
  engine="podman --log-level=fatal"
fi
port=3177
name=latchkey-image-test-$$
volume=$name-data
work=$(mktemp -d)
cleanup() {
  $engine rm -f "$name" >/dev/null 2>&1 || true
  $engine volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "what $image holds"
size=$($engine image inspect "$image" --format '{{.Size}}')
((size < 40 * 1024 * 1024)) || fail "the image is $((size / 1024 / 1024)) MB, over 40 MB"
labels=$($engine image inspect "$image" --format '{{json .Labels}}')
for label in version source licenses; do
  [[ $labels == *"org.opencontainers.image.$label"* ]] || fail "no org.opencontainers.image.$label label: $labels"
done
[[ $($engine image inspect "$image" --format '{{.Config.User}}') == 65532:65532 ]] || fail "not a numeric non-root user"
$engine create --name "$name-files" "$image" >/dev/null
$engine export "$name-files" | tar -t >"$work/files"
$engine rm "$name-files" >/dev/null
# Besides the binary, the site and the volume's mount point, only what every engine adds to a
# container (the mount points of /dev, /proc and /sys, and /etc files it writes at start).
unexpected=$(grep -vE '^(latchkey|site/.*|site|data/?|(dev|proc|sys|etc|run)/?|etc/(hosts|hostname|resolv\.conf|passwd|group)|run/\.containerenv)$' "$work/files" || true)
[[ -z $unexpected ]] || fail "the image holds more than the binary and the site: $unexpected"
grep -qxE 'site/pkg/.*\.wasm' "$work/files" || fail "no site in the image"

say "running it with a volume"
$engine volume create "$volume" >/dev/null
start() {
  $engine run -d --name "$name" "${run_flags[@]}" -v "$volume:/data" -e "LATCHKEY_ADDR=127.0.0.1:$port" "$image" >/dev/null
}
wait_up() {
  for _ in $(seq 100); do
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then return 0; fi
    sleep 0.2
  done
  $engine logs "$name" >&2 || true
  fail "the container did not come up"
}
start
wait_up
$engine exec "$name" /latchkey health || fail "latchkey health failed inside the container"
echo 'correct horse battery staple' | $engine exec -i "$name" /latchkey user add --email ada@example.com --role owner --password-stdin
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$work/cookies" \
  --data 'email=ada%40example.com&password=correct+horse+battery+staple' "http://127.0.0.1:$port/api/auth/login")
[[ $status == 200 ]] || fail "login through the port answered $status"
verify() { curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" "http://127.0.0.1:$port/api/auth/verify"; }
[[ $(verify) == 200 ]] || fail "the session was not accepted"

say "restarting the container"
$engine stop -t 10 "$name" >/dev/null
$engine start "$name" >/dev/null
wait_up
[[ $(verify) == 200 ]] || fail "the session did not survive a restart"
if [[ $engine == podman* ]]; then
  $engine healthcheck run "$name" || fail "the image's HEALTHCHECK failed"
fi
$engine exec "$name" /latchkey user list | grep -q '^ada@example.com' || fail "the account did not survive a restart"
$engine exec "$name" /bin/sh -c true 2>/dev/null && fail "the image has a shell"
say "the image serves, keeps its data on the volume, and holds no shell ($((size / 1024 / 1024)) MB)"
