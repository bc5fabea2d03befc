# shellcheck shell=bash
# emulator-gap 36: the emulator runs Lambda functions in Docker or Podman, which this
# machine lacks (and a user pool's triggers are then skipped): fakecloud is given
# scripts/local-aws/lambda-processes.py as its container CLI, which runs a Python
# function as a local process with the function's own code and environment. On a
# machine with Docker or Podman, delete this file: fakecloud uses them (and pulls AWS's
# Lambda images).
gap_36_fakecloud_env() {
  printf 'FAKECLOUD_CONTAINER_CLI=%s\n' "$PWD/scripts/local-aws/lambda-processes.py"
  printf 'LAMBDA_PROCESSES_STATE=%s\n' "$STATE/lambda"
  printf 'LAMBDA_PROCESSES_ENDPOINT=%s\n' "$EDGE"
}
gap_36_stop() {
  local run pid
  for run in "$STATE"/lambda/*/run.json; do
    [ -f "$run" ] || continue
    pid=$(jq -r .pid "$run")
    kill -- "-$pid" 2>/dev/null || continue
    # A function still writing its log while the folder goes makes rm fail: wait for it.
    for _ in $(seq 25); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  done
  rm -rf "$STATE/lambda"
}
