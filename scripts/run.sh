#!/usr/bin/env bash
# Runs the app on http://127.0.0.1:8080, after installing whatever is missing.
#
#   scripts/run.sh                       against the local AWS emulator (default)
#   APP_CONFIG=path/to/config.json scripts/run.sh   against the pools and bucket in that file (real AWS)
#
# With the emulator, verification codes that AWS would email are printed here.
# Ctrl-C stops the app and the emulator (its users and sessions are in memory).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh run
# shellcheck source=/dev/null
source .tools/env

CODES_PID=""
cleanup() {
  if [ -n "$CODES_PID" ]; then kill "$CODES_PID" 2>/dev/null || true; fi
  if [ -z "${APP_CONFIG:-}" ] && [ -z "${KEEP_LOCAL_AWS:-}" ]; then bash scripts/local-aws.sh stop; fi
}
trap cleanup EXIT INT TERM

if [ -n "${APP_CONFIG:-}" ]; then
  cp "$APP_CONFIG" config.json
  echo "[run] using $APP_CONFIG"
else
  bash scripts/local-aws.sh start
  bash scripts/local-aws.sh codes &
  CODES_PID=$!
fi

cat <<TXT

  The app:   http://127.0.0.1:8080
  Register, then use the verification code printed below ("[email] …") to verify.
  Stop with Ctrl-C.

TXT
trunk serve --address 127.0.0.1 --port 8080
