#!/usr/bin/env bash
# Benchmark (not a test): the client SRP work in headless Chromium, this app's
# Rust/wasm side by side with amazon-cognito-identity-js's AuthenticationHelper.
#   scripts/bench-srp.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh test >/dev/null
# shellcheck source=/dev/null
source .tools/env
echo "[bench] building examples/srp_bench.rs (release profile, as the app)"
cargo build --locked --release --target wasm32-unknown-unknown --example srp_bench
wasm-bindgen --target web --out-dir e2e/bench/pkg target/wasm32-unknown-unknown/release/examples/srp_bench.wasm
wasm-opt -O3 e2e/bench/pkg/srp_bench_bg.wasm -o e2e/bench/pkg/srp_bench_bg.wasm
# The library's release build has split points (src/app/split.rs) that only the
# app's build cuts into modules; the few the linker keeps here are never called:
# their placeholder imports become functions that would say so.
sed -i 's|^import \* as \(import[0-9]*\) from "__wasm_split_placeholder__";*$|const \1 = new Proxy({}, { get: () => () => { throw new Error("code loaded on demand is not part of the benchmark"); } });|' \
  e2e/bench/pkg/srp_bench.js
if grep -q '"__wasm_split_placeholder__";*$' e2e/bench/pkg/srp_bench.js; then
  echo "bench-srp.sh: a split point's import is left in the benchmark's glue" >&2
  exit 1
fi
echo "[bench] bundling amazon-cognito-identity-js for the browser (esbuild)"
e2e/node_modules/.bin/esbuild e2e/bench/page.mjs --bundle --format=esm --platform=browser \
  --define:global=globalThis --external:./pkg/srp_bench.js --outfile=e2e/bench/page.bundle.js --log-level=warning
node e2e/bench/run.mjs "${1:-25}"
