#!/usr/bin/env bash
# Property fuzzing (tests/fuzz.rs) for longer than the test command runs it:
# stored session values, config.json as structured JSON, S3 XML (DTDs, entity
# tricks, 10,000-deep nesting), bucket names, the storage lease.
#
#   scripts/fuzz.sh [cases per target]     default 100000 (the test command runs 2000)
#
# A debug build, so an arithmetic overflow fails a case too. Prints, per target,
# the cases run, the time and the failures (a failure also fails the command,
# with the smallest input proptest found).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh run >/dev/null || { echo "set-up failed: run scripts/setup.sh run to see why" >&2; exit 1; }
# shellcheck source=/dev/null
source .tools/env
CASES="${1:-100000}"
echo "fuzzing each target with $CASES cases (cargo test --test fuzz)"
FUZZ_CASES="$CASES" cargo test --locked --test fuzz -- --nocapture --test-threads 2 2>&1 \
  | grep -E '^fuzz |test result|panicked|FAILED|minimal failing input'
