#!/usr/bin/env bash
# `make image`: the OCI image latchkey:<version>, FROM scratch: a static binary (musl, rustls
# throughout, so nothing links OpenSSL or glibc) and the built site, with podman or docker,
# whichever works here. Run after `make build` (the site in target/site).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

target=x86_64-unknown-linux-musl
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
image=latchkey:$version

engine=
for candidate in podman docker; do
  if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then
    engine=$candidate
    break
  fi
done
if [[ -z $engine ]]; then
  echo "make image: neither podman nor docker can build here (install one: apt-get install podman)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx "$target"; then
  say "adding the $target target"
  rustup target add "$target"
fi
# The C parts (bundled SQLite, mimalloc, ring) are compiled for musl too.
if ! command -v musl-gcc >/dev/null; then
  echo "make image: musl-gcc is missing (apt-get install musl-tools)" >&2
  exit 1
fi

say "building the static binary ($target)"
CC_x86_64_unknown_linux_musl=musl-gcc cargo build --release --locked -p latchkey --target "$target"
binary=target/$target/release/latchkey
if ! file "$binary" | grep -qE 'static(ally|-pie) linked'; then
  echo "make image: $binary is not statically linked" >&2
  exit 1
fi

say "staging the image's files"
stage=target/image
rm -rf "$stage"
mkdir -p "$stage/rootfs/data"
cp deploy/Containerfile "$stage/"
install -m 0755 "$binary" "$stage/rootfs/latchkey"
strip "$stage/rootfs/latchkey"
cp -r target/site "$stage/rootfs/site"

say "building $image with $engine"
source=$(git config --get remote.origin.url 2>/dev/null || true)
# podman keeps HEALTHCHECK only in Docker's image format.
format=()
if [[ $engine == podman ]]; then format=(--format docker); fi
"$engine" build "${format[@]}" --quiet --tag "$image" --build-arg "VERSION=$version" --build-arg "SOURCE=$source" \
  -f "$stage/Containerfile" "$stage" >/dev/null
size=$("$engine" image inspect "$image" --format '{{.Size}}')
say "$image: $((size / 1024 / 1024)) MB"
