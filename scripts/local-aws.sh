#!/usr/bin/env bash
# A local AWS for the app and its tests: fakecloud with SigV4 verification on,
# a CORS edge (nginx) in front of it, the CloudFormation stack of infra/ deployed
# on it, sample objects uploaded, and config.json written for the app.
#
#   scripts/local-aws.sh start   start (or reuse) the emulator and deploy; prints the URLs
#   scripts/local-aws.sh stop    stop the emulator and the edge
#   scripts/local-aws.sh codes   print verification codes as the emulator "emails" them (until Ctrl-C)
#   scripts/local-aws.sh status  is it running?
#
# Ports (override with LOCAL_AWS_PORT): the edge on 127.0.0.1:4566 (what the app
# and tests use), fakecloud itself on the next port (4567).
#
# Works around three gaps of the emulator (see shared/reference/local-aws.md):
#  1. no CORS on the JSON APIs (cognito-idp, cognito-identity): the edge answers
#     preflights of POST / and adds Access-Control-Allow-Origin to their answers;
#  2. S3 error answers carry no CORS headers (real S3 adds the bucket's): the edge
#     adds the request's Origin to 4xx/5xx S3 answers so the app can read them;
#  3. CloudFormation's IdentityPoolRoleAttachment is not applied: set-identity-pool-roles.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EDGE_PORT="${LOCAL_AWS_PORT:-4566}"
FC_PORT=$((EDGE_PORT + 1))
EDGE="http://127.0.0.1:$EDGE_PORT"
FC="http://127.0.0.1:$FC_PORT"
STATE="$ROOT/.tools/local-aws"
STACK="cognito-demo"
REGION="us-east-1"
# 8080: scripts/run.sh; 8091: the end-to-end tests; the website bucket: the hosted app.
APP_ORIGINS="${APP_ORIGINS:-http://127.0.0.1:8080,http://localhost:8080,http://127.0.0.1:8091,http://cognito-demo-site.s3-website-us-east-1.amazonaws.com}"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION="$REGION" AWS_PAGER=""
mkdir -p "$STATE"

say() { printf '[local-aws] %s\n' "$*"; }
die() { printf '[local-aws] ERROR: %s\n' "$*" >&2; exit 1; }
awsl() { aws --endpoint-url "$FC" "$@"; }
healthy() { curl -fsS -m 2 "$1/_fakecloud/health" >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_fakecloud() {
  if pid_alive "$STATE/fakecloud.pid" && healthy "$FC"; then
    say "fakecloud already running on $FC"
    return
  fi
  command -v fakecloud >/dev/null || die "fakecloud is not installed: run scripts/setup.sh"
  port_busy "$FC_PORT" && die "port $FC_PORT is in use by another program (LOCAL_AWS_PORT=<port> picks other ports; fakecloud would use the one after it)"
  say "starting fakecloud on $FC (SigV4 verification on; log: .tools/local-aws/fakecloud.log)"
  FAKECLOUD_LOG=warn nohup fakecloud --addr "127.0.0.1:$FC_PORT" --region "$REGION" --verify-sigv4 \
    >"$STATE/fakecloud.log" 2>&1 &
  echo $! >"$STATE/fakecloud.pid"
  for _ in $(seq 1 100); do healthy "$FC" && return; sleep 0.2; done
  tail -n 20 "$STATE/fakecloud.log" >&2
  die "fakecloud did not become healthy"
}

start_edge() {
  if pid_alive "$STATE/nginx.pid" && healthy "$EDGE"; then
    say "CORS edge already running on $EDGE"
    return
  fi
  command -v nginx >/dev/null || die "nginx is not installed: run scripts/setup.sh"
  port_busy "$EDGE_PORT" && die "port $EDGE_PORT is in use by another program (set LOCAL_AWS_PORT to use others)"
  mkdir -p "$STATE/nginx"
  cat >"$STATE/nginx.conf" <<EOF
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $STATE/nginx/body;
  proxy_temp_path $STATE/nginx/proxy;
  fastcgi_temp_path $STATE/nginx/fastcgi;
  uwsgi_temp_path $STATE/nginx/uwsgi;
  scgi_temp_path $STATE/nginx/scgi;
  client_max_body_size 200m;
  # Gap 2: S3 error answers get the caller's origin, as real S3 does for allowed origins.
  map \$status \$s3_error_origin { ~^[45] \$http_origin; default ""; }
  server {
    listen 127.0.0.1:$EDGE_PORT;
    proxy_http_version 1.1;
    proxy_set_header Host \$http_host;
    proxy_buffering off;
    # Gap 1: the JSON APIs (cognito-idp, cognito-identity) are POST / and need CORS.
    location = / {
      if (\$request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "*";
        add_header Access-Control-Allow-Methods "POST, GET, OPTIONS";
        add_header Access-Control-Allow-Headers \$http_access_control_request_headers;
        add_header Access-Control-Max-Age 600;
        return 204;
      }
      proxy_pass $FC;
      add_header Access-Control-Allow-Origin "*" always;
    }
    # Everything else (S3, test hooks) passes through with its Host, so SigV4 verifies.
    location / {
      proxy_pass $FC;
      add_header Access-Control-Allow-Origin \$s3_error_origin always;
    }
  }
}
EOF
  say "starting the CORS edge (nginx) on $EDGE"
  nginx -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/nginx-start.log" || { cat "$STATE/nginx-start.log" >&2; die "nginx did not start"; }
  for _ in $(seq 1 50); do healthy "$EDGE" && return; sleep 0.1; done
  die "the CORS edge does not answer on $EDGE"
}

output() { jq -r ".Stacks[0].Outputs[] | select(.OutputKey == \"$1\") | .OutputValue" "$STATE/stack.json"; }

deploy() {
  say "deploying infra/template.yaml as stack '$STACK'"
  awsl cloudformation deploy --template-file infra/template.yaml --stack-name "$STACK" \
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "AllowedOrigins=$APP_ORIGINS" "WebsiteBucketName=cognito-demo-site" >"$STATE/deploy.log" 2>&1 \
    || { cat "$STATE/deploy.log" >&2; die "deploy failed"; }
  awsl cloudformation describe-stacks --stack-name "$STACK" >"$STATE/stack.json"
  local pool role
  pool="$(output IdentityPoolId)"; role="$(output AuthenticatedRoleArn)"
  # Gap 3: the stack's role attachment is accepted but not applied by the emulator.
  awsl cognito-identity set-identity-pool-roles --identity-pool-id "$pool" --roles "authenticated=$role"
  seed_objects "$(output DataBucket)"
  write_config
}

seed_objects() {
  local bucket="$1" dir="$STATE/seed"
  if [ "$(awsl s3api list-objects-v2 --bucket "$bucket" --max-keys 1 --query KeyCount --output text)" != "0" ]; then
    say "sample objects already in s3://$bucket"
    return
  fi
  say "uploading sample objects to s3://$bucket (tricky keys, and 1,050 keys under bulk/ for paging)"
  rm -rf "$dir" && mkdir -p "$dir/bulk" "$dir/docs"
  printf 'hello\n' >"$dir/readme.txt"
  printf 'a report\n' >"$dir/docs/quarterly report 2026.txt"
  printf 'fish & chips\n' >"$dir/docs/fish & chips.txt"
  printf '<b>not bold</b>\n' >"$dir/docs/<b>not bold<%2Fb>.html"
  printf 'unicode\n' >"$dir/docs/résumé – ünïcødé 日本語.txt"
  for i in $(seq -w 1 1050); do printf '%s\n' "$i" >"$dir/bulk/item-$i.txt"; done
  awsl s3 sync --only-show-errors "$dir" "s3://$bucket/"
}

write_config() {
  jq -n --arg region "$REGION" --arg up "$(output UserPoolId)" --arg client "$(output UserPoolClientId)" \
    --arg ip "$(output IdentityPoolId)" --arg bucket "$(output DataBucket)" --arg edge "$EDGE/" \
    '{region: $region, userPoolId: $up, clientId: $client, identityPoolId: $ip, bucket: $bucket,
      endpoints: {cognitoIdp: $edge, cognitoIdentity: $edge, s3: ($edge | rtrimstr("/"))}}' >"$ROOT/config.json"
  cp "$ROOT/config.json" "$STATE/config.json"
  say "wrote config.json (user pool $(output UserPoolId), bucket $(output DataBucket))"
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
  else
    deploy
  fi
  say "ready: AWS APIs at $EDGE (fakecloud at $FC)"
}

stop() {
  if pid_alive "$STATE/nginx.pid"; then nginx -c "$STATE/nginx.conf" -p "$STATE" -s stop 2>/dev/null || kill "$(cat "$STATE/nginx.pid")"; fi
  if pid_alive "$STATE/fakecloud.pid"; then kill "$(cat "$STATE/fakecloud.pid")"; fi
  rm -f "$STATE/fakecloud.pid" "$STATE/stack.json"
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

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  codes) codes ;;
  status) if healthy "$EDGE"; then say "running at $EDGE"; else say "not running"; exit 1; fi ;;
  *) die "usage: scripts/local-aws.sh start|stop|codes|status" ;;
esac
