#!/usr/bin/env bash
# Benchmark (not a test): upload throughput of a 30 MB file to the local emulator,
# through the app in headless Chromium (the user's API presigns one PUT, which the
# browser sends with progress) beside `aws s3 cp` of the same file to the same bucket
# in the same run (the CLI's multipart upload, 8 MiB parts, 10 at a time).
#   scripts/bench-upload.sh [--build] [runs]   (runs: default 3; the median is reported)
# It always measures a release build of the tree as it is (trunk build --release: quick
# when nothing changed; scripts/run.sh leaves a debug build in dist/). --build is
# accepted and changes nothing. Figures go to e2e/artifacts/bench-upload.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS=3
for arg in "$@"; do
  case "$arg" in
    --build) ;;
    *[!0-9]* | "" | 0) echo "usage: scripts/bench-upload.sh [--build] [runs]" >&2; exit 2 ;;
    *) RUNS="$arg" ;;
  esac
done

bash scripts/setup.sh test >/dev/null
# shellcheck source=/dev/null
source .tools/env
echo "[bench] building the app: trunk build --release"
trunk build --release >target/bench-build.log 2>&1 || { tail -n 40 target/bench-build.log; exit 1; }
if bash scripts/local-aws.sh status >/dev/null 2>&1; then STARTED=""; else STARTED=1; fi
bash scripts/local-aws.sh start >/dev/null
trap '[ -n "$STARTED" ] && bash scripts/local-aws.sh stop >/dev/null' EXIT

node e2e/bench/upload.mjs "$RUNS"
