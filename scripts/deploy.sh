#!/usr/bin/env bash
# Deploys the stack of infra/template.yaml and the app, as a static S3 website.
#
#   scripts/deploy.sh                 to the AWS account of your AWS CLI credentials
#   scripts/deploy.sh --local         to the local emulator (scripts/local-aws.sh start first)
#
# Environment: STACK_NAME (default cognito-demo), AWS_REGION (default: the CLI's, else
# us-east-1), WEBSITE_BUCKET (default <stack>-site-<account id>), APP_ORIGINS (origins
# allowed to read the data bucket; default: the website's origin and http://127.0.0.1:8080).
#
# Steps: cloudformation deploy → trunk build --release → config.json from the stack
# outputs → upload dist/ + config.json to the website bucket with correct content
# types → website configuration (index.html also as error document, for deep links).
# Remove everything with: aws cloudformation delete-stack --stack-name cognito-demo
# (empty the two buckets first: aws s3 rm s3://<bucket> --recursive).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LOCAL=""
[ "${1:-}" = "--local" ] && LOCAL=1
STACK="${STACK_NAME:-cognito-demo}"
say() { printf '[deploy] %s\n' "$*"; }
die() { printf '[deploy] ERROR: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh run >/dev/null || die "set-up failed: run scripts/setup.sh run to see why"
# shellcheck source=/dev/null
source .tools/env

if [ -n "$LOCAL" ]; then
  EDGE_PORT="${LOCAL_AWS_PORT:-4566}"
  ENDPOINT="http://127.0.0.1:$((EDGE_PORT + 1))"
  EDGE="http://127.0.0.1:$EDGE_PORT"
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

output() { jq -r ".Stacks[0].Outputs[] | select(.OutputKey == \"$1\") | .OutputValue" <<<"$STACK_JSON"; }

if [ -n "$LOCAL" ]; then
  # The local stack is the one scripts/local-aws.sh deployed (with its role workaround).
  STACK_JSON="$(awsd cloudformation describe-stacks --stack-name "$STACK")"
else
  ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
  # A fixed website bucket name makes the site's origin known before the first deploy,
  # so the data bucket's CORS rules can allow it at once (regions use "-" or "." there).
  SITE_NAME="${WEBSITE_BUCKET:-$STACK-site-$ACCOUNT}"
  ORIGINS="${APP_ORIGINS:-http://127.0.0.1:8080,http://$SITE_NAME.s3-website-$REGION.amazonaws.com,http://$SITE_NAME.s3-website.$REGION.amazonaws.com}"
  say "deploying stack $STACK in $REGION (allowed origins: $ORIGINS)"
  awsd cloudformation deploy --template-file infra/template.yaml --stack-name "$STACK" \
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "AllowedOrigins=$ORIGINS" "WebsiteBucketName=$SITE_NAME"
  STACK_JSON="$(awsd cloudformation describe-stacks --stack-name "$STACK")"
fi

SITE_BUCKET="$(output WebsiteBucket)"
SITE_URL="$(output WebsiteURL)"
if [ -z "$SITE_BUCKET" ] || [ "$SITE_BUCKET" = null ]; then die "the stack has no WebsiteBucket output"; fi

say "building the app (trunk build --release)"
rm -rf dist
trunk build --release >target/deploy-build.log 2>&1 || { tail -n 30 target/deploy-build.log; die "build failed"; }
rm -f dist/config.json

say "writing config.json from the stack outputs"
if [ -n "$LOCAL" ]; then
  ENDPOINTS="$(jq -n --arg e "$EDGE/" '{cognitoIdp: $e, cognitoIdentity: $e, s3: ($e | rtrimstr("/"))}')"
else
  ENDPOINTS='null'
fi
jq -n --arg region "$REGION" --arg up "$(output UserPoolId)" --arg client "$(output UserPoolClientId)" \
  --arg ip "$(output IdentityPoolId)" --arg bucket "$(output DataBucket)" --argjson endpoints "$ENDPOINTS" \
  '{region: $region, userPoolId: $up, clientId: $client, identityPoolId: $ip, bucket: $bucket}
   + (if $endpoints == null then {} else {endpoints: $endpoints} end)' >dist/config.json

say "uploading dist/ to s3://$SITE_BUCKET"
# Content types set explicitly: browsers refuse to compile .wasm served as anything but application/wasm.
upload() { awsd s3 cp --only-show-errors "$1" "s3://$SITE_BUCKET/$2" --content-type "$3" --cache-control "$4"; }
for f in dist/*; do
  name="$(basename "$f")"
  case "$name" in
    index.html) upload "$f" "$name" "text/html; charset=utf-8" "no-cache" ;;
    config.json) upload "$f" "$name" "application/json" "no-cache" ;;
    *.wasm) upload "$f" "$name" "application/wasm" "public, max-age=31536000, immutable" ;;
    *.js) upload "$f" "$name" "text/javascript" "public, max-age=31536000, immutable" ;;
    *.css) upload "$f" "$name" "text/css" "public, max-age=31536000, immutable" ;;
    *) upload "$f" "$name" "application/octet-stream" "public, max-age=3600" ;;
  esac
done
awsd s3 website "s3://$SITE_BUCKET/" --index-document index.html --error-document index.html

say "done: $SITE_URL"
if [ -z "$LOCAL" ]; then
  cat <<TXT
[deploy] S3 website endpoints are HTTP only. For HTTPS and a custom domain, put a
[deploy] CloudFront distribution in front of the website endpoint (origin: the
[deploy] endpoint above, custom error response 404 → /index.html with status 200),
[deploy] and add its https:// origin to APP_ORIGINS when you deploy again.
TXT
fi
