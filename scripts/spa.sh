#!/usr/bin/env bash
# `make spa`: Trunk builds the single-page app into dist/ (Trunk.toml, index.html, spa/), then
# every text asset gets a brotli and a gzip copy beside it for static hosts that serve them.
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
node scripts/precompress.mjs dist
