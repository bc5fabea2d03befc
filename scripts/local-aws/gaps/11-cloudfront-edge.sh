# shellcheck shell=bash disable=SC2016
# emulator-gap 11: CloudFront has no TLS, no redirect to https, no compression and no
# response headers policies: the edge serves the distribution by its name and does each
# as its configuration in the emulator says (read back, so the template decides, not this
# file): TLS with the edge's self-signed certificate, the viewer protocol policy, Compress
# (gzip and, where nginx has the module, brotli, for CloudFront's content types and
# sizes), and the response headers policy (applied by gap 12) on every answer.
gap_11_site_http() {
  [ "$1" = deployed ] || return 0
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
  cat <<NGINX
  # emulator-gap 11: $domain (distribution $id), from its configuration.
  server {
    listen 127.0.0.1:$SITE_PORT ssl http2;
    server_name $domain;
    $gzip
    location / {
      proxy_pass $FC;
      proxy_http_version 1.1;
      proxy_set_header Host $domain;
      # emulator-gap 13: TLS, as far as fakecloud can tell.
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
  echo "$domain" >"$STATE/site-domain.txt"
}
