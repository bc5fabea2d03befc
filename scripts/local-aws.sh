#!/usr/bin/env bash
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
# Ports (override with LOCAL_AWS_PORT, LOCAL_AWS_TLS_PORT, LOCAL_SITE_PORT, LOCAL_SITE_HTTP_PORT):
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
# Works around these gaps of the emulator (see shared/reference/local-aws.md and the
# README's emulator gaps):
#  1. no CORS on the JSON APIs (cognito-idp, cognito-identity): the edge answers
#     preflights of POST / and adds Access-Control-Allow-Origin to their answers;
#  2. S3 error answers carry no CORS headers (real S3 adds the bucket's): the edge
#     adds the request's Origin to 4xx/5xx S3 answers so the app can read them;
#  3. CloudFormation's IdentityPoolRoleAttachment is not applied: set-identity-pool-roles;
#  4. CloudFront has no TLS, no redirect to https, no compression and no response
#     headers policies: the edge does each as the deployed distribution's configuration
#     says (read back from the emulator, so the template decides, not this script);
#  5. no TLS at all: fakecloud learns that a request came over TLS from
#     X-Forwarded-Proto (aws:SecureTransport in policies). The edge sends "https" for
#     its TLS listeners and for its plain listener on loopback (a page on 127.0.0.1 is a
#     secure context for browsers too); fakecloud's own port is plain HTTP, and the
#     data bucket's deny-non-TLS rule refuses it (e2e/site.test.mjs shows this);
#  6. CloudFormation keeps only the name of a response headers policy: the template's
#     policy is applied through the CloudFront API (scripts/template-part.py);
#  7. IAM checks ListObjectsV2 as "s3:ListObjectsV2" (AWS: "s3:ListBucket") and the multipart
#     calls by their names (AWS: "s3:PutObject"): the deployed role's policies get those
#     names beside AWS's (alias_list_action);
#  8. under IAM enforcement, S3's CORS preflights are refused (no credentials): the edge
#     answers them from the data bucket's CORS rules as deployed (edge_site);
#  9. under IAM enforcement, a website endpoint's "/" is checked as a listing of the bucket
#     and refused to visitors: the edge asks for the index document by name;
# 10. CloudFormation drops an app client's RefreshTokenRotation: the template's is applied
#     with UpdateUserPoolClient (apply_token_rotation).
# 11. the hosted sign-in endpoints (/oauth2/authorize, /oauth2/token) sit at the emulator's
#     root, not on a pool domain (config.json's hostedUi.domain is the edge), and
#     /oauth2/token sends no CORS headers (AWS's does): the edge adds the caller's origin;
# 12. no /logout: the edge answers it as AWS does for a registered sign-out URL (a
#     redirect to logout_uri), from the app client's LogoutURLs as deployed; any other
#     logout_uri is refused. The emulator keeps no hosted session, so there is none to end.
# 13. ${cognito-identity.amazonaws.com:sub} has no value when S3 requests are checked, so
#     the role's own-folder statements allow nothing: the deployed role gets a second
#     policy, "emulator-own-folder", with those statements for private/*/ (any identity's
#     folder). The template's policy is left as it is; its per-user rule is proven by
#     IAM's policy simulator (e2e/site.test.mjs), since here any user reaches any folder;
# 14. with SigV4 verification on, the emulator reads every Authorization header as a SigV4
#     signature and refuses an ID token there before API Gateway sees it: the edge moves
#     it to X-Id-Token, and the deployed authorizer reads that header (apply_api). The
#     authorizer still checks the token (signature, expiry, issuer);
# 15. CloudFormation drops API Gateway methods' MethodResponses and IntegrationResponses
#     (applied from the template by apply_api), and gateway responses lose their headers
#     (the edge adds the DEFAULT_4XX response's Access-Control-Allow-Origin to the API's 4xx).
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
# 8091 the end-to-end tests; the classic S3 website.
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
  say "starting fakecloud on $FC (SigV4 verification and IAM enforcement on; log: .tools/local-aws/fakecloud.log)"
  FAKECLOUD_LOG=warn nohup fakecloud --addr "127.0.0.1:$FC_PORT" --region "$REGION" --verify-sigv4 --iam strict \
    >"$STATE/fakecloud.log" 2>&1 &
  echo $! >"$STATE/fakecloud.pid"
  for _ in $(seq 1 100); do healthy "$FC" && return; sleep 0.2; done
  tail -n 20 "$STATE/fakecloud.log" >&2
  die "fakecloud did not become healthy"
}

make_certificate() {
  local dir="$STATE/tls"
  [ -f "$dir/edge.crt" ] && [ -f "$dir/edge.key" ] && return
  mkdir -p "$dir"
  say "making a self-signed TLS certificate for the edge (.tools/local-aws/tls/, never committed)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=local AWS edge" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:*.cloudfront.net,DNS:*.amazonaws.com" \
    -keyout "$dir/edge.key" -out "$dir/edge.crt" 2>/dev/null
  # What browsers in the tests are told to accept (--ignore-certificate-errors-spki-list).
  openssl x509 -in "$dir/edge.crt" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | openssl base64 -A >"$dir/spki.txt"
}

write_edge_config() {
  mkdir -p "$STATE/nginx"
  [ -f "$STATE/site.conf" ] || no_site >"$STATE/site.conf"
  local brotli=""
  if [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then
    brotli="load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;"
  fi
  cat >"$STATE/nginx.conf" <<NGINX
$brotli
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
  map_hash_bucket_size 128;
  ssl_certificate $STATE/tls/edge.crt;
  ssl_certificate_key $STATE/tls/edge.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  # Gap 2: S3 error answers get the caller's origin, as real S3 does for allowed origins.
  map \$status \$s3_error_origin { ~^[45] \$http_origin; default ""; }
  # The AWS APIs: plain HTTP on loopback, and TLS.
  server {
    listen 127.0.0.1:$EDGE_PORT;
    listen 127.0.0.1:$TLS_PORT ssl;
    proxy_http_version 1.1;
    proxy_set_header Host \$http_host;
    # Gap 5: both listeners are secure transport (TLS, or loopback).
    proxy_set_header X-Forwarded-Proto https;
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
      # Gap 9: an S3 website's root is its index document.
      if (\$http_host ~* "\\.s3-website[.-]") { rewrite ^ /index.html break; }
      proxy_pass $FC;
      add_header Access-Control-Allow-Origin "*" always;
    }
    # Everything else (S3, test hooks) passes through with its Host, so SigV4 verifies.
    location / {
      # Gap 8: S3 preflights, answered from the data bucket's CORS rules (site.conf).
      if (\$request_method = OPTIONS) { rewrite ^ /.s3-preflight last; }
      proxy_pass $FC;
      add_header Access-Control-Allow-Origin \$s3_error_origin always;
    }
    # Gap 11: the token endpoint answers the page's origin (a form POST: no preflight).
    location /oauth2/ {
      proxy_pass $FC;
      add_header Access-Control-Allow-Origin \$http_origin always;
    }
    # API Gateway (the user's API): /_aws/execute-api/<id>/<stage>/… is sent to the API's
    # own host name, as AWS addresses it (preflights included). Gap 14: the ID token goes
    # in X-Id-Token, which the local authorizer reads.
    location ~ ^/_aws/execute-api/([^/]+)/(.*)\$ {
      proxy_pass $FC/\$2\$is_args\$args;
      proxy_set_header Host \$1.execute-api.$REGION.amazonaws.com;
      proxy_set_header X-Id-Token \$http_authorization;
      proxy_set_header Authorization "";
      # Gap 15: the API's gateway responses (its refusals) get their CORS header here.
      add_header Access-Control-Allow-Origin \$api_error_origin always;
    }
    # Gap 12: /logout goes back to a registered sign-out URL (site.conf's map).
    location = /logout {
      if (\$logout_target = "") { return 400 "logout_uri is not a sign-out URL of this app client\n"; }
      return 302 \$logout_target;
    }
    location = /.s3-preflight {
      internal;
      if (\$s3_cors_origin = "") { return 403; }
      add_header Access-Control-Allow-Origin \$s3_cors_origin always;
      add_header Access-Control-Allow-Methods \$s3_cors_methods always;
      add_header Access-Control-Allow-Headers \$s3_cors_headers always;
      add_header Access-Control-Max-Age \$s3_cors_max_age always;
      add_header Vary "Origin, Access-Control-Request-Headers, Access-Control-Request-Method" always;
      return 200;
    }
  }
  # Gap 4: the CloudFront distribution (written by edge_site from its configuration).
  include $STATE/site.conf;
}
NGINX
}

# site.conf before the stack is deployed: no distribution, no CORS origin.
no_site() {
  local v
  for v in s3_cors_origin s3_cors_methods s3_cors_headers s3_cors_max_age logout_target api_error_origin; do
    printf '  map %s %s { default ""; }\n' "\$http_origin" "\$$v"
  done
}

start_edge() {
  make_certificate
  if pid_alive "$STATE/nginx.pid" && healthy "$EDGE"; then
    say "edge already running on $EDGE and $EDGE_TLS"
    return
  fi
  command -v nginx >/dev/null || die "nginx is not installed: run scripts/setup.sh"
  for port in "$EDGE_PORT" "$TLS_PORT" "$SITE_PORT" "$SITE_HTTP_PORT"; do
    port_busy "$port" && die "port $port is in use by another program (see the ports at the top of scripts/local-aws.sh)"
  done
  write_edge_config
  say "starting the edge (nginx) on $EDGE and $EDGE_TLS"
  nginx -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/nginx-start.log" || { cat "$STATE/nginx-start.log" >&2; die "nginx did not start"; }
  for _ in $(seq 1 50); do healthy "$EDGE" && return; sleep 0.1; done
  die "the edge does not answer on $EDGE"
}

# Gap 4: the distribution's viewer side as its configuration in the emulator says:
# TLS, the viewer protocol policy, Compress (gzip and, where nginx has the module,
# brotli, for CloudFront's content types and sizes), and its response headers policy.
edge_site() {
  local id domain dist policy_id headers="" compress redirect
  id="$(output DistributionId)"
  dist="$(awsl cloudfront get-distribution-config --id "$id")"
  domain="$(awsl cloudfront get-distribution --id "$id" --query Distribution.DomainName --output text)"
  policy_id="$(jq -r '.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId // empty' <<<"$dist")"
  compress="$(jq -r '.DistributionConfig.DefaultCacheBehavior.Compress // false' <<<"$dist")"
  redirect="$(jq -r '.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy' <<<"$dist")"
  if [ -n "$policy_id" ]; then
    # Each header as "proxy_hide_header" (Override) + "add_header … always" (every status).
    headers="$(awsl cloudfront get-response-headers-policy --id "$policy_id" | jq -r '
      .ResponseHeadersPolicy.ResponseHeadersPolicyConfig as $c
      | ($c.SecurityHeadersConfig // {}) as $s
      | [ ($s.ContentSecurityPolicy | select(.) | ["Content-Security-Policy", .ContentSecurityPolicy]),
          ($s.StrictTransportSecurity | select(.) | ["Strict-Transport-Security",
              "max-age=\(.AccessControlMaxAgeSec)" + (if .IncludeSubdomains then "; includeSubDomains" else "" end)
              + (if .Preload then "; preload" else "" end)]),
          ($s.ContentTypeOptions | select(.) | ["X-Content-Type-Options", "nosniff"]),
          ($s.FrameOptions | select(.) | ["X-Frame-Options", .FrameOption]),
          ($s.ReferrerPolicy | select(.) | ["Referrer-Policy", .ReferrerPolicy]),
          (($c.CustomHeadersConfig.Items // [])[] | [.Header, .Value]) ]
      | .[]
      | if (.[1] | test("[\"$\\\\]")) then error("header value nginx cannot carry: \(.[1])") else . end
      | "      proxy_hide_header \(.[0]);\n      add_header \(.[0]) \"\(.[1])\" always;"')"
  fi
  local gzip="gzip off;"
  if [ "$compress" = true ]; then
    # CloudFront compresses these types (and text/html, which nginx always includes),
    # from 1,000 bytes up (its documented conditions).
    local types="text/css text/plain text/javascript application/javascript application/json application/wasm image/svg+xml"
    gzip="gzip on; gzip_proxied any; gzip_min_length 1000; gzip_comp_level 6; gzip_vary on; gzip_types $types;"
    if grep -q brotli "$STATE/nginx.conf"; then
      gzip="$gzip brotli on; brotli_min_length 1000; brotli_comp_level 5; brotli_types $types;"
    fi
  fi
  local http_block
  if [ "$redirect" = redirect-to-https ] || [ "$redirect" = https-only ]; then
    http_block="return 301 https://\$host\$request_uri;"
  else
    http_block="location / { proxy_pass $FC; proxy_set_header Host $domain; }"
  fi
  # Gap 8: under --iam strict the emulator refuses S3's CORS preflights (they carry no
  # credentials); real S3 answers them from the bucket's CORS rules, so the edge does,
  # from the data bucket's rules as deployed (one rule: the template has one).
  local cors
  cors="$(awsl s3api get-bucket-cors --bucket "$(output DataBucket)" | jq -r '
    .CORSRules[0] as $r
    | "  map $http_origin $s3_cors_origin {\n    default \"\";\n"
      + ([$r.AllowedOrigins[] | "    \"\(.)\" $http_origin;\n"] | join(""))
      + "  }\n"
      + "  map $http_origin $s3_cors_methods { default \"\($r.AllowedMethods | join(", "))\"; }\n"
      + "  map $http_origin $s3_cors_headers { default \"\($r.AllowedHeaders | join(", "))\"; }\n"
      + "  map $http_origin $s3_cors_max_age { default \"\($r.MaxAgeSeconds // 0)\"; }"')"
  # Gap 12: each sign-out URL of the app client, as the app sends it (percent-encoded
  # query value), to itself; anything else to "" (refused).
  local logout
  logout="$(awsl cognito-idp describe-user-pool-client --user-pool-id "$(output UserPoolId)" \
    --client-id "$(output UserPoolClientId)" | jq -r '
    "  map $arg_logout_uri $logout_target {\n    default \"\";\n"
    + ([(.UserPoolClient.LogoutURLs // [])[] | "    \"\(@uri)\" \"\(.)\";\n"] | join(""))
    + "  }"')"
  # Gap 15: the emulator's gateway responses keep their template but drop their headers:
  # the API's refusals (4xx) get the Access-Control-Allow-Origin its DEFAULT_4XX response names.
  local api_origin
  api_origin="$(awsl apigateway get-gateway-responses --rest-api-id "$(output ApiId)" \
    | jq -r '.items[] | select(.responseType == "DEFAULT_4XX")
        | .responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"] // "" | ltrimstr("'"'"'") | rtrimstr("'"'"'")')"
  cat >"$STATE/site.conf" <<NGINX
$cors
$logout
  map \$status \$api_error_origin { ~^4 "$api_origin"; default ""; }
  # $domain (distribution $id), generated by scripts/local-aws.sh from its configuration.
  server {
    listen 127.0.0.1:$SITE_PORT ssl http2;
    server_name $domain;
    $gzip
    location / {
      proxy_pass $FC;
      proxy_http_version 1.1;
      proxy_set_header Host $domain;
      proxy_set_header X-Forwarded-Proto https;
      # The edge compresses; the origin answers as to a client that accepts none.
      proxy_set_header Accept-Encoding "";
$headers
    }
  }
  server {
    listen 127.0.0.1:$SITE_HTTP_PORT;
    server_name $domain;
    $http_block
  }
NGINX
  nginx -c "$STATE/nginx.conf" -p "$STATE" -t 2>"$STATE/nginx-test.log" || { cat "$STATE/nginx-test.log" >&2; die "the site's edge configuration is not valid"; }
  nginx -c "$STATE/nginx.conf" -p "$STATE" -s reload 2>>"$STATE/nginx-error.log"
  echo "$domain" >"$STATE/site-domain.txt"
  # A reload takes a moment: wait until the new server answers.
  for _ in $(seq 1 50); do
    curl -ks -m 2 -o /dev/null --resolve "$domain:$SITE_PORT:127.0.0.1" "https://$domain:$SITE_PORT/" && break
    sleep 0.1
  done
  say "CloudFront site: https://$domain/ (edge 127.0.0.1:$SITE_PORT; http on 127.0.0.1:$SITE_HTTP_PORT)"
}

output() { jq -r ".Stacks[0].Outputs[] | select(.OutputKey == \"$1\") | .OutputValue" "$STATE/stack.json"; }

# Each of APP_ORIGINS with a path (hosted sign-in's callback and sign-out addresses).
origins_with() { tr ',' '\n' <<<"$APP_ORIGINS" | sed "s#\$#$1#" | paste -sd, -; }

deploy() {
  say "deploying infra/template.yaml as stack '$STACK'"
  # The site's CSP is what scripts/deploy.sh --local last computed for its build (SITE_CSP);
  # kept so a restart deploys the same one. Before any site deploy: the template's default.
  if [ -n "${SITE_CSP:-}" ]; then printf '%s\n' "$SITE_CSP" >"$STATE/csp.txt"; fi
  local csp=()
  if [ -f "$STATE/csp.txt" ]; then csp=("ContentSecurityPolicy=$(cat "$STATE/csp.txt")"); fi
  awsl cloudformation deploy --template-file infra/template.yaml --stack-name "$STACK" \
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "ExtraAllowedOrigins=$APP_ORIGINS" "ClassicWebsite=true" \
    "ExtraCallbackURLs=$(origins_with /callback)" "ExtraSignOutURLs=$(origins_with /signin)" \
    "WebsiteBucketName=cognito-demo-site" "${csp[@]}" >"$STATE/deploy.log" 2>&1 \
    || { cat "$STATE/deploy.log" >&2; die "deploy failed"; }
  awsl cloudformation describe-stacks --stack-name "$STACK" >"$STATE/stack.json"
  local pool role guest roles
  pool="$(output IdentityPoolId)"; role="$(output AuthenticatedRoleArn)"; guest="$(output GuestRoleArn)"
  # Gap 3: the stack's role attachment is accepted but not applied by the emulator.
  roles="authenticated=$role"
  if [ -n "$guest" ]; then roles="$roles,unauthenticated=$guest"; fi
  awsl cognito-identity set-identity-pool-roles --identity-pool-id "$pool" --roles "$roles"
  own_folder_any_identity "${role##*/}"
  alias_list_action "${role##*/}"
  if [ -n "$guest" ]; then alias_list_action "${guest##*/}"; fi
  seed_objects "$(output DataBucket)"
  write_config
  apply_headers_policy
  apply_token_rotation
  apply_api
  edge_site
}

# Gap 6: the emulator's CloudFormation stores only the Name and Comment of a response
# headers policy; the template's own policy (resolved for this stack) is applied
# through the CloudFront API instead.
apply_headers_policy() {
  local id etag
  id="$(awsl cloudfront get-distribution-config --id "$(output DistributionId)" \
    --query DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId --output text)"
  etag="$(awsl cloudfront get-response-headers-policy --id "$id" --query ETag --output text)"
  awsl cloudfront update-response-headers-policy --id "$id" --if-match "$etag" \
    --response-headers-policy-config "$(python3 scripts/template-part.py infra/template.yaml \
      SiteHeaders ResponseHeadersPolicyConfig --cloudfront-api "AWS::StackName=$STACK" \
      "ContentSecurityPolicy=$(cat "$STATE/csp.txt" 2>/dev/null || true)")" >/dev/null
}

# Gap 10: the emulator's CloudFormation drops an app client's RefreshTokenRotation:
# the template's is applied with UpdateUserPoolClient (every other setting as it is).
apply_token_rotation() {
  local input="$STATE/client-update.json"
  awsl cognito-idp describe-user-pool-client --user-pool-id "$(output UserPoolId)" \
    --client-id "$(output UserPoolClientId)" \
    | jq --argjson rotation "$(python3 scripts/template-part.py infra/template.yaml UserPoolClient RefreshTokenRotation)" \
      '.UserPoolClient | del(.ClientSecret, .CreationDate, .LastModifiedDate) + {RefreshTokenRotation: $rotation}' >"$input"
  awsl cognito-idp update-user-pool-client --cli-input-json "file://$input" >/dev/null
}

# Gap 14: the user's API's authorizer reads the token from X-Id-Token (the edge puts it there).
# Gap 15: CloudFormation drops a method's MethodResponses and its integration's
# IntegrationResponses: the template's, resolved for this stack, are applied through the
# API Gateway API, and the stage deployed again.
api_part() { python3 scripts/template-part.py infra/template.yaml "$1" "$2" "Distribution.DomainName=$3"; }

apply_api() {
  local api authorizer resource method domain verb
  api="$(output ApiId)"
  authorizer="$(awsl apigateway get-authorizers --rest-api-id "$api" --query 'items[0].id' --output text)"
  awsl apigateway update-authorizer --rest-api-id "$api" --authorizer-id "$authorizer" \
    --patch-operations op=replace,path=/identitySource,value=method.request.header.X-Id-Token >/dev/null
  resource="$(awsl apigateway get-resources --rest-api-id "$api" --query "items[?path=='/whoami'].id" --output text)"
  domain="$(awsl cloudfront get-distribution --id "$(output DistributionId)" --query Distribution.DomainName --output text)"
  for method in ApiWhoAmIGet ApiWhoAmIOptions; do
    verb="$(api_part "$method" HttpMethod "$domain" | jq -r .)"
    api_part "$method" MethodResponses "$domain" | jq -c '.[]' | while read -r r; do
      awsl apigateway put-method-response --rest-api-id "$api" --resource-id "$resource" --http-method "$verb" \
        --status-code "$(jq -r .StatusCode <<<"$r")" \
        --response-parameters "$(jq -c '.ResponseParameters // {}' <<<"$r")" >/dev/null
    done
    api_part "$method" Integration "$domain" | jq -c '.IntegrationResponses[]' | while read -r r; do
      awsl apigateway put-integration-response --rest-api-id "$api" --resource-id "$resource" --http-method "$verb" \
        --status-code "$(jq -r .StatusCode <<<"$r")" \
        --response-parameters "$(jq -c '.ResponseParameters // {}' <<<"$r")" \
        --response-templates "$(jq -c '.ResponseTemplates // {}' <<<"$r")" >/dev/null
    done
  done
  awsl apigateway create-deployment --rest-api-id "$api" --stage-name prod >/dev/null
}

# Gap 7: the emulator authorizes S3 operations by their own names where AWS uses a shared
# action: ListObjectsV2 ("s3:ListBucket" on AWS), and CreateMultipartUpload, UploadPart,
# CompleteMultipartUpload ("s3:PutObject" on AWS). In the deployed role's policies each
# statement that allows the AWS action also names the emulator's, same resource and conditions.
EMULATOR_ACTIONS='{"s3:ListBucket": ["s3:ListObjectsV2"],
  "s3:PutObject": ["s3:CreateMultipartUpload", "s3:UploadPart", "s3:CompleteMultipartUpload"]}'
alias_list_action() {
  local policy doc
  for policy in $(awsl iam list-role-policies --role-name "$1" --query PolicyNames --output text); do
    doc="$(awsl iam get-role-policy --role-name "$1" --policy-name "$policy" --query PolicyDocument \
      | jq -c --argjson aliases "$EMULATOR_ACTIONS" '.Statement |= map(
          (.Action | if type == "array" then . else [.] end) as $actions
          | .Action = ($actions + [$actions[] | $aliases[.] // [] | .[]] | unique))')"
    awsl iam put-role-policy --role-name "$1" --policy-name "$policy" --policy-document "$doc"
  done
}

# Gap 13: the statements of the role's policies that name the identity's folder, again
# with the folder of any identity (the emulator cannot resolve the variable), as a
# policy of their own beside the template's.
own_folder_any_identity() {
  local doc
  doc="$(awsl iam get-role-policy --role-name "$1" --policy-name shared-and-own-folder --query PolicyDocument \
    | jq -c '.Statement |= [.[] | select(tostring | contains("${cognito-identity.amazonaws.com:sub}"))
        | walk(if type == "string" then gsub("\\$\\{cognito-identity\\.amazonaws\\.com:sub\\}"; "*") else . end)
        | .Sid += "AnyIdentity"]')"
  awsl iam put-role-policy --role-name "$1" --policy-name emulator-own-folder --policy-document "$doc"
}

# Someone else's folder: the tests show a user cannot list or read it.
OTHER_IDENTITY="$REGION:00000000-0000-4000-8000-000000000000"

seed_objects() {
  local bucket="$1" dir="$STATE/seed"
  if [ "$(awsl s3api list-objects-v2 --bucket "$bucket" --max-keys 1 --query KeyCount --output text)" != "0" ]; then
    say "sample objects already in s3://$bucket"
    return
  fi
  say "uploading sample objects to s3://$bucket/public/ (tricky keys, and 1,050 keys under public/bulk/ for paging)"
  rm -rf "$dir" && mkdir -p "$dir/public/bulk" "$dir/public/docs" "$dir/private/$OTHER_IDENTITY"
  printf 'hello\n' >"$dir/public/readme.txt"
  printf 'a report\n' >"$dir/public/docs/quarterly report 2026.txt"
  printf 'fish & chips\n' >"$dir/public/docs/fish & chips.txt"
  printf '<b>not bold</b>\n' >"$dir/public/docs/<b>not bold<%2Fb>.html"
  printf 'unicode\n' >"$dir/public/docs/résumé – ünïcødé 日本語.txt"
  for i in $(seq -w 1 1050); do printf '%s\n' "$i" >"$dir/public/bulk/item-$i.txt"; done
  printf 'not yours\n' >"$dir/private/$OTHER_IDENTITY/secret.txt"
  printf 'outside the folders\n' >"$dir/root.txt"
  awsl s3 sync --only-show-errors "$dir" "s3://$bucket/"
}

# config.json for the app on loopback (scripts/run.sh, the tests' local app): the
# APIs through the plain edge. site-config.json: the deployed site's, through TLS.
write_config() {
  local edge policy scopes
  policy="$(awsl cognito-idp describe-user-pool --user-pool-id "$(output UserPoolId)" | jq -c -f scripts/password-policy.jq)"
  # The hosted sign-in asks for what the app client allows (the emulator's pages are at its root).
  scopes="$(awsl cognito-idp describe-user-pool-client --user-pool-id "$(output UserPoolId)" \
    --client-id "$(output UserPoolClientId)" | jq -c '.UserPoolClient.AllowedOAuthScopes // []')"
  for edge in "$EDGE" "$EDGE_TLS"; do
    jq -n --arg region "$REGION" --arg up "$(output UserPoolId)" --arg client "$(output UserPoolClientId)" \
      --arg ip "$(output IdentityPoolId)" --arg bucket "$(output DataBucket)" --arg edge "$edge/" \
      --argjson policy "$policy" --argjson guests "$(output GuestAccess)" \
      --argjson scopes "$scopes" --arg api "$(output ApiId)" \
      '{region: $region, userPoolId: $up, clientId: $client, identityPoolId: $ip, bucket: $bucket,
        passwordPolicy: $policy, guests: $guests, maxUploadBytes: 33554432,
        api: "\($edge)_aws/execute-api/\($api)/prod/",
        hostedUi: {domain: ($edge | rtrimstr("/")), scopes: $scopes},
        endpoints: {cognitoIdp: $edge, cognitoIdentity: $edge, s3: ($edge | rtrimstr("/"))}}' \
      >"$STATE/$([ "$edge" = "$EDGE" ] && echo config || echo site-config).json"
  done
  cp "$STATE/config.json" "$ROOT/config.json"
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
    edge_site
  else
    deploy
  fi
  say "ready: AWS APIs at $EDGE and $EDGE_TLS (fakecloud at $FC)"
}

stop() {
  if pid_alive "$STATE/nginx.pid"; then nginx -c "$STATE/nginx.conf" -p "$STATE" -s stop 2>/dev/null || kill "$(cat "$STATE/nginx.pid")"; fi
  if pid_alive "$STATE/fakecloud.pid"; then kill "$(cat "$STATE/fakecloud.pid")"; fi
  rm -f "$STATE/fakecloud.pid" "$STATE/stack.json" "$STATE/site.conf"
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
  stack)
    healthy "$FC" || die "the emulator is not running: scripts/local-aws.sh start"
    deploy ;;
  status) if healthy "$EDGE"; then say "running at $EDGE"; else say "not running"; exit 1; fi ;;
  *) die "usage: scripts/local-aws.sh start|stop|codes|status|stack" ;;
esac
