# shellcheck shell=bash disable=SC2016
# Starting and stopping the local AWS: fakecloud, the edge, the stack; and the gaps' hooks.

say() { printf '[local-aws] %s\n' "$*"; }
die() { printf '[local-aws] ERROR: %s\n' "$*" >&2; exit 1; }
awsl() { aws --endpoint-url "$FC" "$@"; }
healthy() { curl -fsS -m 2 "$1/_fakecloud/health" >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Runs the hook HOOK (gap_NN_HOOK) of every gap file that has one, in the gaps' order,
# with the given arguments. Hooks: fakecloud_env (prints KEY=VALUE lines for fakecloud's
# environment), edge_main, edge_http, edge_server, edge_s3, edge_api (print nginx
# for those places of edge.conf), site_http (prints nginx from the deployed stack; $1 is
# "deployed" or "none"), parameters (prints Name=Value stack parameters), deploy (after
# each stack deploy), config (prints a JSON object merged into config.json; $1 the edge),
# stop (when the local AWS stops).
gaps() {
  local hook="$1" fn
  shift
  for fn in $(declare -F | awk '{print $3}' | grep -E "^gap_[0-9]{2}_${hook}\$" | sort); do
    "$fn" "$@"
  done
}

start_fakecloud() {
  if pid_alive "$STATE/fakecloud.pid" && healthy "$FC"; then
    say "fakecloud already running on $FC"
    return
  fi
  command -v fakecloud >/dev/null || die "fakecloud is not installed: run scripts/setup.sh"
  port_busy "$FC_PORT" && die "port $FC_PORT is in use by another program (LOCAL_AWS_PORT=<port> picks other ports; fakecloud would use the one after it)"
  say "starting fakecloud on $FC (SigV4 verification and IAM enforcement on; log: .tools/local-aws/fakecloud.log)"
  local environment
  mapfile -t environment < <(gaps fakecloud_env)
  env "${environment[@]}" FAKECLOUD_LOG=warn nohup fakecloud --addr "127.0.0.1:$FC_PORT" --region "$REGION" \
    --verify-sigv4 --iam strict >"$STATE/fakecloud.log" 2>&1 &
  echo $! >"$STATE/fakecloud.pid"
  for _ in $(seq 1 100); do healthy "$FC" && return; sleep 0.2; done
  tail -n 20 "$STATE/fakecloud.log" >&2
  die "fakecloud did not become healthy"
}

start() {
  command -v aws >/dev/null || die "the AWS CLI is not installed: run scripts/setup.sh"
  command -v jq >/dev/null || die "jq is not installed: run scripts/setup.sh"
  start_fakecloud
  start_edge
  if [ -f "$STATE/stack.json" ] && awsl cloudformation describe-stacks --stack-name "$STACK" >/dev/null 2>&1 \
    && [ "$(find "$STATE/stack.json" -newer infra/template.yaml)" ]; then
    say "stack '$STACK' already deployed"
    write_config
    edge_site
  else
    deploy
  fi
  say "ready: AWS APIs at $EDGE and $EDGE_TLS (fakecloud at $FC)"
}

stop() {
  if pid_alive "$STATE/nginx.pid"; then nginx -c "$STATE/nginx.conf" -p "$STATE" -s stop 2>/dev/null || kill "$(cat "$STATE/nginx.pid")"; fi
  if pid_alive "$STATE/fakecloud.pid"; then
    kill "$(cat "$STATE/fakecloud.pid")"
    # fakecloud removes its containers as it exits (emulator-gap 36 runs them as
    # processes): the gaps' stop hooks run once it is gone, not alongside it.
    for _ in $(seq 50); do pid_alive "$STATE/fakecloud.pid" || break; sleep 0.2; done
  fi
  gaps stop
  rm -f "$STATE/fakecloud.pid" "$STATE/stack.json" "$STATE/site.conf" "$STATE/site-domain.txt"
  say "stopped"
}

codes() {
  # Prints each verification code once, as it appears (the emulator's stand-in for email).
  local seen="$STATE/codes-seen"
  : >"$seen"
  say "verification codes will be printed here as they are sent"
  while sleep 1; do
    curl -fsS -m 2 "$FC/_fakecloud/cognito/confirmation-codes" 2>/dev/null \
      | jq -r '.codes[] | "\(.username)\t\(.code)\t\(.type)\t\(.attribute // "")"' 2>/dev/null \
      | while IFS=$'\t' read -r user code _kind attr; do
          if ! grep -qxF "$user $code" "$seen"; then
            echo "$user $code" >>"$seen"
            printf '\n[email] verification code for %s%s: %s\n' "$user" "${attr:+ ($attr)}" "$code"
          fi
        done
  done
}
