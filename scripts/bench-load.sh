#!/usr/bin/env bash
# Benchmark (not a test): time from navigation to an interactive sign-in form in
# headless Chromium with a throttled network (150 ms, 1.6 Mbit/s down, 750 kbit/s
# up) and a 4x slower CPU, side by side for:
#   - this app as deployed (dist/ from `trunk build --release`, gzip),
#   - the old "Cognito demo" page (jQuery 3 + amazon-cognito-identity-js +
#     aws-sdk 2.487.0 with plain <script src> tags, uncompressed, as on S3),
#   - an Amplify v6 sign-in page (aws-amplify/auth + storage, esbuild, gzip).
#   scripts/bench-load.sh [--build] [runs]   (runs: default 7)
# The app is always measured as a fresh release build, made here into
# target/bench-dist (dist/ may hold a debug build of scripts/run.sh; it is left
# alone). --build is accepted for older notes and changes nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS=7
for arg in "$@"; do
  case "$arg" in
    --build) ;;
    *[!0-9]* | "" | 0) echo "usage: scripts/bench-load.sh [--build] [runs]" >&2; exit 2 ;;
    *) RUNS="$arg" ;;
  esac
done

bash scripts/setup.sh test >/dev/null
# shellcheck source=/dev/null
source .tools/env

APP_DIST="$ROOT/target/bench-dist"
echo "[bench] building the app: trunk build --release --dist target/bench-dist"
trunk build --release --dist "$APP_DIST" >target/bench-build.log 2>&1 || { tail -n 40 target/bench-build.log; exit 1; }
export APP_DIST

LOAD=e2e/bench/load
OUT="$LOAD/build"
NM=e2e/node_modules
echo "[bench] old demo: index.html + jquery, amazon-cognito-identity-js, aws-sdk 2.487.0 (browser builds)"
rm -rf "$OUT"
mkdir -p "$OUT/old-demo/js" "$OUT/amplify"
cp "$LOAD/old-demo/index.html" "$OUT/old-demo/"
cp "$NM/jquery/dist/jquery.min.js" \
  "$NM/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js" \
  "$NM/aws-sdk/dist/aws-sdk.min.js" "$OUT/old-demo/js/"
echo "[bench] Amplify v6 page: bundling with esbuild"
cp "$LOAD/amplify/index.html" "$OUT/amplify/"
"$NM/.bin/esbuild" "$LOAD/amplify/main.mjs" --bundle --minify --format=esm --platform=browser \
  --outfile="$OUT/amplify/main.js" --log-level=warning

node "$LOAD/run.mjs" "$RUNS"
