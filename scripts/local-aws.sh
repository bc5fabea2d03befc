#!/usr/bin/env bash
# shellcheck disable=SC2034 # settings read by the pieces in scripts/local-aws/
# A local AWS for the app and its tests: fakecloud with SigV4 verification and
# IAM enforcement on (--iam strict), an edge (nginx) in front of it, the
# CloudFormation stack of infra/ deployed on it, sample objects uploaded, and
# config.json written for the app.
#
#   scripts/local-aws.sh start   start (or reuse) the emulator and deploy; prints the URLs
#   scripts/local-aws.sh stop    stop the emulator and the edge
#   scripts/local-aws.sh codes   print verification codes as the emulator "emails" them (until Ctrl-C)
#   scripts/local-aws.sh status  is it running?
#   scripts/local-aws.sh stack   deploy the template again (SITE_CSP=<policy> sets the site's
#                                Content-Security-Policy; scripts/deploy.sh --local does this)
#
# Ports (override with LOCAL_AWS_PORT, LOCAL_AWS_TLS_PORT, LOCAL_SITE_PORT, LOCAL_SITE_HTTP_PORT;
# LOCAL_APP_PORT, default 8091, is the e2e tests' app server, e2e/local-app.mjs, allowed below):
#   127.0.0.1:4566  the AWS APIs over HTTP on loopback (scripts/run.sh, most tests)
#   127.0.0.1:4443  the same over HTTPS (the deployed site's config.json)
#   127.0.0.1:8443  the CloudFront distribution over HTTPS, by its name: a browser reaches
#                   https://<id>.cloudfront.net/ with --host-resolver-rules
#                   "MAP *.cloudfront.net:443 127.0.0.1:8443" (see e2e/site.test.mjs)
#   127.0.0.1:8082  the same name over HTTP: redirected to https://, as the distribution says
#   fakecloud itself on LOCAL_AWS_PORT + 1 (4567)
# TLS uses a self-signed certificate made at the first start (.tools/local-aws/tls/,
# never committed); browsers in the tests accept exactly that key
# (--ignore-certificate-errors-spki-list, e2e/browser.mjs).
#
# The pieces live in scripts/local-aws/: lifecycle.sh (fakecloud, start, stop, codes),
# edge.sh with edge.conf (the nginx edge), stack.sh (the stack, sample objects,
# config.json), and gaps/NN-*.sh: one file per gap of the emulator, numbered as in the
# README's "Emulator gaps", each the whole of its workaround (hooks the other pieces
# call; lifecycle.sh lists them). When fakecloud gains a feature, delete its file and
# its README item; `rg emulator-gap` finds the places outside these files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EDGE_PORT="${LOCAL_AWS_PORT:-4566}"
FC_PORT=$((EDGE_PORT + 1))
TLS_PORT="${LOCAL_AWS_TLS_PORT:-4443}"
SITE_PORT="${LOCAL_SITE_PORT:-8443}"
SITE_HTTP_PORT="${LOCAL_SITE_HTTP_PORT:-8082}"
EDGE="http://127.0.0.1:$EDGE_PORT"
EDGE_TLS="https://127.0.0.1:$TLS_PORT"
FC="http://127.0.0.1:$FC_PORT"
STATE="$ROOT/.tools/local-aws"
STACK="cognito-demo"
REGION="us-east-1"
# Besides the CloudFront site (always allowed by the template): 8080 scripts/run.sh;
# LOCAL_APP_PORT (8091) the end-to-end tests; the classic S3 website.
APP_ORIGINS="${APP_ORIGINS:-http://127.0.0.1:8080,http://localhost:8080,http://127.0.0.1:${LOCAL_APP_PORT:-8091},http://cognito-demo-site.s3-website-us-east-1.amazonaws.com}"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION="$REGION" AWS_PAGER=""
mkdir -p "$STATE"

for part in lifecycle edge stack; do
  # shellcheck source=/dev/null
  source "scripts/local-aws/$part.sh"
done
for gap in scripts/local-aws/gaps/[0-9][0-9]-*.sh; do
  # shellcheck source=/dev/null
  source "$gap"
done
# shellcheck source=scripts/app-config.sh
source scripts/app-config.sh

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  codes) codes ;;
  stack)
    healthy "$FC" || die "the emulator is not running: scripts/local-aws.sh start"
    deploy ;;
  status) if healthy "$EDGE"; then say "running at $EDGE"; else say "not running"; exit 1; fi ;;
  *) die "usage: scripts/local-aws.sh start|stop|codes|status|stack" ;;
esac
