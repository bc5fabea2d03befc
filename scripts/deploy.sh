#!/usr/bin/env bash
# Deploys the stack of infra/template.yaml and the app: over HTTPS through CloudFront
# (private bucket, compression, security headers), and optionally as the old demo's
# classic S3 website (HTTP only, files uploaded pre-compressed).
#
#   scripts/deploy.sh                 to the AWS account of your AWS CLI credentials
#   scripts/deploy.sh --website       the same, and the classic S3 website too
#   scripts/deploy.sh --local         to the local emulator (scripts/local-aws.sh start first),
#                                     both ways
#
# Environment: STACK_NAME (default cognito-demo), AWS_REGION (default: the CLI's, else
# us-east-1), WEBSITE_BUCKET (default <stack>-site-<account id>), DATA_BUCKET (default
# <stack>-data-<account id>), APP_ORIGINS (more origins allowed to read the data bucket
# besides the CloudFront site, comma-separated, e.g. http://127.0.0.1:8080 for a
# development server against AWS; none by default), SIGNIN_DOMAIN_PREFIX (the hosted
# sign-in page's <prefix>.auth.<region>.amazoncognito.com; default "signin-" and a hash of
# account, region and stack), SIGNIN_PROVIDERS (external providers of the pool to offer,
# comma-separated, e.g. Google; none by default), GUEST_ACCESS (true: visitors who are not
# signed in may browse public/; default true), THREAT_PROTECTION (OFF, AUDIT or ENFORCED:
# Cognito's threat protection, which needs the PLUS feature plan; default OFF), SITE_DOMAIN
# and SITE_CERTIFICATE_ARN (the site's own name and its ACM certificate in us-east-1:
# TLS 1.2 or later only; default the distribution's *.cloudfront.net name),
# EMAIL_SENDER_ARN and EMAIL_FROM (a verified SES identity and its sender address: the pool
# mails through it, and people may sign in with an emailed code; default Cognito's sender,
# no emailed codes), SMS_ROLE_ARN and SMS_EXTERNAL_ID (a role for Cognito to send text
# messages through SNS: codes by SMS too; default none). Passkeys are always offered.
#
# Steps: trunk build --release (into target/site) → the Content-Security-Policy of that
# build (scripts/csp.sh) → cloudformation deploy with it → config.json from the stack
# outputs, and the policy as <meta> in index.html → upload to the site bucket (content
# types, Cache-Control: index.html and config.json no-cache, hashed files a year) and,
# for the classic website, the same files gzip-compressed with Content-Encoding: gzip.
# Remove everything with: aws cloudformation delete-stack --stack-name cognito-demo
# (empty the buckets first: aws s3 rm s3://<bucket> --recursive).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LOCAL=""
WEBSITE=""
for arg in "$@"; do
  case "$arg" in
    --local) LOCAL=1; WEBSITE=1 ;;
    --website) WEBSITE=1 ;;
    *) echo "usage: scripts/deploy.sh [--local] [--website]" >&2; exit 2 ;;
  esac
done
STACK="${STACK_NAME:-cognito-demo}"
SITE="$ROOT/target/site"
say() { printf '[deploy] %s\n' "$*"; }
die() { printf '[deploy] ERROR: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh run >/dev/null || die "set-up failed: run scripts/setup.sh run to see why"
# shellcheck source=/dev/null
source .tools/env
# shellcheck source=scripts/app-config.sh
source scripts/app-config.sh

if [ -n "$LOCAL" ]; then
  ENDPOINT="http://127.0.0.1:$(( ${LOCAL_AWS_PORT:-4566} + 1 ))"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
  REGION=us-east-1
  awsd() { aws --endpoint-url "$ENDPOINT" "$@"; }
  bash scripts/local-aws.sh status >/dev/null || die "the emulator is not running: scripts/local-aws.sh start"
else
  REGION="${AWS_REGION:-$(aws configure get region 2>/dev/null || true)}"
  REGION="${REGION:-us-east-1}"
  awsd() { aws --region "$REGION" "$@"; }
  aws sts get-caller-identity >/dev/null 2>&1 || die "no AWS credentials: configure the AWS CLI (aws configure) first"
fi

say "building the app (trunk build --release, into target/site)"
rm -rf "$SITE"
trunk build --release --dist "$SITE" >target/deploy-build.log 2>&1 || { tail -n 30 target/deploy-build.log; die "build failed"; }
rm -f "$SITE/config.json"

output() { jq -r ".Stacks[0].Outputs[]? | select(.OutputKey == \"$1\") | .OutputValue // empty" <<<"$STACK_JSON"; }
CONFIG="$ROOT/target/site-config.json"

if [ -n "$LOCAL" ]; then
  # The deployed site reaches the APIs through the edge's TLS listener.
  cp .tools/local-aws/site-config.json "$CONFIG"
  CSP="$(bash scripts/csp.sh policy "$SITE/index.html" "$CONFIG")"
  say "deploying the stack with this build's Content-Security-Policy"
  SITE_CSP="$CSP" bash scripts/local-aws.sh stack >target/deploy-stack.log 2>&1 || { cat target/deploy-stack.log; die "stack deploy failed"; }
  # The configuration as the stack deploy just wrote it (the policy's inputs are the same).
  cp .tools/local-aws/site-config.json "$CONFIG"
  STACK_JSON="$(cat .tools/local-aws/stack.json)"
else
  ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
  # Fixed bucket names: the policy can name the data bucket before the first deploy,
  # and the classic website's origin is known up front for the data bucket's CORS.
  DATA_NAME="${DATA_BUCKET:-$STACK-data-$ACCOUNT}"
  SITE_NAME="${WEBSITE_BUCKET:-$STACK-site-$ACCOUNT}"
  # The hosted sign-in domain is fixed up front too (the policy names it): a prefix from
  # the account, region and stack (no reserved word such as "cognito" in it).
  PREFIX="${SIGNIN_DOMAIN_PREFIX:-signin-$(printf '%s' "$ACCOUNT/$REGION/$STACK" | sha256sum | cut -c1-16)}"
  # The API's address exists once the stack does: on the first deploy the policy cannot
  # name it yet, so the stack is deployed a second time with the policy that does.
  STACK_JSON="$(awsd cloudformation describe-stacks --stack-name "$STACK" 2>/dev/null || echo '{"Stacks":[{}]}')"
  ORIGINS="${APP_ORIGINS:-}"
  if [ -n "$WEBSITE" ]; then
    ORIGINS="${ORIGINS:+$ORIGINS,}http://$SITE_NAME.s3-website-$REGION.amazonaws.com,http://$SITE_NAME.s3-website.$REGION.amazonaws.com"
  fi
  for pass in first second; do
    # The policy's inputs only (the addresses it names); config.json comes after the deploy.
    jq -n --arg region "$REGION" --arg bucket "$DATA_NAME" \
      --arg domain "https://$PREFIX.auth.$REGION.amazoncognito.com" --arg api "$(output ApiURL)" \
      --arg threats "${THREAT_PROTECTION:-OFF}" \
      '{region: $region, bucket: $bucket, hostedUi: {domain: $domain}, threatProtection: $threats}
        + (if $api == "" then {} else {api: $api} end)' >"$CONFIG"
    CSP="$(bash scripts/csp.sh policy "$SITE/index.html" "$CONFIG")"
    say "deploying stack $STACK in $REGION (CloudFront takes a few minutes the first time)"
    awsd cloudformation deploy --template-file infra/template.yaml --stack-name "$STACK" \
      --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
      --parameter-overrides "ContentSecurityPolicy=$CSP" "DataBucketName=$DATA_NAME" \
      "ClassicWebsite=$([ -n "$WEBSITE" ] && echo true || echo false)" "WebsiteBucketName=$SITE_NAME" \
      "ExtraAllowedOrigins=$ORIGINS" "SignInDomainPrefix=$PREFIX" \
      "SignInProviders=${SIGNIN_PROVIDERS:-}" "GuestAccess=${GUEST_ACCESS:-true}" \
      "ThreatProtection=${THREAT_PROTECTION:-OFF}" \
      "SiteDomain=${SITE_DOMAIN:-}" "SiteCertificateArn=${SITE_CERTIFICATE_ARN:-}" \
      "EmailSenderArn=${EMAIL_SENDER_ARN:-}" "EmailFrom=${EMAIL_FROM:-}" \
      "SmsRoleArn=${SMS_ROLE_ARN:-}" "SmsExternalId=${SMS_EXTERNAL_ID:-}"
    had_api="$(jq -r '.api // empty' "$CONFIG")"
    STACK_JSON="$(awsd cloudformation describe-stacks --stack-name "$STACK")"
    if [ "$had_api" = "$(output ApiURL)" ]; then break; fi
    [ "$pass" = first ] && say "the API's address is known now: deploying again with a policy that names it"
  done
fi

say "writing config.json from the stack outputs, and the policy into index.html"
if [ -n "$LOCAL" ]; then
  # scripts/local-aws.sh wrote it (app_config, with the emulator's addresses).
  cp "$CONFIG" "$SITE/config.json"
else
  printf '%s\n' "$STACK_JSON" >"$ROOT/target/stack.json"
  app_config "$ROOT/target/stack.json" '{}' awsd >"$SITE/config.json"
fi
bash scripts/csp.sh meta "$SITE/index.html" "$SITE/config.json"
# The header (CloudFront) and the meta must be one policy: the bucket name is the only
# input that could differ between the two computations.
[ "$(bash scripts/csp.sh policy "$SITE/index.html" "$SITE/config.json")" = "$CSP" ] \
  || die "the policy for config.json differs from the one deployed (bucket $(output DataBucket))"

type_of() {
  case "$1" in
    *.html) echo "text/html; charset=utf-8" ;;
    *.json) echo "application/json" ;;
    *.wasm) echo "application/wasm" ;;
    *.js) echo "text/javascript" ;;
    *.css) echo "text/css" ;;
    *) echo "application/octet-stream" ;;
  esac
}
# index.html and config.json change with each deploy; every other file's name has its hash.
cache_of() {
  case "$1" in
    index.html | config.json) echo "no-cache" ;;
    *) echo "public, max-age=31536000, immutable" ;;
  esac
}

SITE_BUCKET="$(output SiteBucket)"
[ -n "$SITE_BUCKET" ] || die "the stack has no SiteBucket output"
say "uploading to s3://$SITE_BUCKET (CloudFront's origin; it compresses for each viewer)"
for f in "$SITE"/*; do
  name="$(basename "$f")"
  awsd s3 cp --only-show-errors "$f" "s3://$SITE_BUCKET/$name" \
    --content-type "$(type_of "$name")" --cache-control "$(cache_of "$name")"
done

WEBSITE_BUCKET="$(output WebsiteBucket)"
if [ -n "$WEBSITE" ] && [ -n "$WEBSITE_BUCKET" ]; then
  # An S3 website never compresses: upload what browsers should receive. Every
  # browser sends Accept-Encoding: gzip, so gzip for all (brotli is refused over http).
  say "uploading gzip-compressed files to s3://$WEBSITE_BUCKET (classic S3 website)"
  gz="$ROOT/target/site-gz"
  rm -rf "$gz" && mkdir -p "$gz"
  for f in "$SITE"/*; do
    name="$(basename "$f")"
    gzip -9 -n -c "$f" >"$gz/$name"
    awsd s3 cp --only-show-errors "$gz/$name" "s3://$WEBSITE_BUCKET/$name" --content-encoding gzip \
      --content-type "$(type_of "$name")" --cache-control "$(cache_of "$name")"
  done
  awsd s3 website "s3://$WEBSITE_BUCKET/" --index-document index.html --error-document index.html
fi

say "done: $(output SiteURL)"
if [ -n "$WEBSITE_BUCKET" ]; then
  say "classic S3 website (HTTP only, no security headers): $(output WebsiteURL)"
fi
