#!/usr/bin/env bash
# The app's Content-Security-Policy, computed from a build, never typed by hand.
#
#   scripts/csp.sh policy <index.html> [config.json]   print the policy
#   scripts/csp.sh meta   <index.html> [config.json]   write it into index.html as <meta http-equiv>
#
# Also a trunk post_build hook (no arguments): the meta of the staged index.html,
# from the config.json beside it when there is one.
#
# The policy:
#   default-src 'none'                     nothing that is not named below
#   script-src 'self' 'wasm-unsafe-eval'   the app's own files and wasm compilation, plus the
#              'sha256-…'                  hash of each inline script (trunk's loader; trunk
#                                          serve's reload script is off, see Trunk.toml)
#   connect-src 'self' + endpoints         config.json, the lazy wasm modules, and the Cognito,
#                                          identity and S3 endpoints of config.json (the AWS
#                                          ones of its region and bucket when it names none;
#                                          with no config.json, any https://*.amazonaws.com),
#                                          the hosted sign-in domain (its token endpoint) and
#                                          the user's API
#   style-src 'self'; img-src data:        the stylesheet; the empty favicon (data:,). The
#                                          QR code is inline SVG in the DOM, no image.
#   object-src 'none'; base-uri 'none'; form-action 'self'
# frame-ancestors 'none' is not here: a <meta> policy cannot carry it, so the
# CloudFront response-headers policy (infra/template.yaml) adds it to the header.
set -euo pipefail

mode="${1:-hook}"
if [ "$mode" = hook ]; then
  html="$TRUNK_STAGING_DIR/index.html"
  config="$TRUNK_STAGING_DIR/config.json"
  mode=meta
else
  html="${2:?usage: scripts/csp.sh policy|meta <index.html> [config.json]}"
  config="${3:-}"
fi

# The sha256 of every inline <script> (one without src), as the browser hashes it.
script_hashes() {
  perl -0777 -MDigest::SHA=sha256_base64 -ne '
    while (/<script\b(?![^>]*\bsrc=)[^>]*>(.*?)<\/script>/gis) {
      my $h = sha256_base64($1);
      $h .= "=" while length($h) % 4;
      print " '\''sha256-$h'\''";
    }' "$1"
}

origin() { sed -E 's#^([a-z]+://[^/]+).*$#\1#' <<<"$1"; }

connect_sources() {
  if [ -z "$config" ] || [ ! -f "$config" ]; then
    printf " https://*.amazonaws.com"
    return
  fi
  local region bucket idp identity s3 hosted api
  region="$(jq -r '.region // empty' "$config")"
  bucket="$(jq -r '.bucket // empty' "$config")"
  idp="$(jq -r '.endpoints.cognitoIdp // empty' "$config")"
  identity="$(jq -r '.endpoints.cognitoIdentity // empty' "$config")"
  s3="$(jq -r '.endpoints.s3 // empty' "$config")"
  # The hosted sign-in page's token endpoint (the page itself is navigated to, not fetched).
  hosted="$(jq -r '.hostedUi.domain // empty' "$config")"
  # The user's API (API Gateway), when there is one.
  api="$(jq -r '.api // empty' "$config")"
  [ -n "$region" ] || { echo "csp.sh: $config has no region" >&2; exit 1; }
  idp="${idp:-https://cognito-idp.$region.amazonaws.com}"
  identity="${identity:-https://cognito-identity.$region.amazonaws.com}"
  if [ -z "$s3" ]; then
    # As src/s3 addresses AWS: virtual-hosted, path style for names with dots.
    case "$bucket" in
      *.*) s3="https://s3.$region.amazonaws.com" ;;
      *) s3="https://$bucket.s3.$region.amazonaws.com" ;;
    esac
  fi
  printf '%s\n' "$(origin "$idp")" "$(origin "$identity")" "$(origin "$s3")" \
    ${hosted:+"$(origin "$hosted")"} ${api:+"$(origin "$api")"} | awk '!seen[$0]++' \
    | while read -r o; do printf ' %s' "$o"; done
}

# Cognito's context-data collector, when the pool has threat protection on (only then).
collector_source() {
  [ -n "$config" ] && [ -f "$config" ] || return 0
  local region
  case "$(jq -r '.threatProtection // "OFF"' "$config")" in
    AUDIT | ENFORCED)
      region="$(jq -r '.region' "$config")"
      printf ' https://amazon-cognito-assets.%s.amazoncognito.com/amazon-cognito-advanced-security-data.min.js' "$region" ;;
  esac
}

policy() {
  printf "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'%s%s; connect-src 'self'%s; " \
    "$(script_hashes "$html")" "$(collector_source)" "$(connect_sources)"
  printf "style-src 'self'; img-src data:; object-src 'none'; base-uri 'none'; form-action 'self'"
}

case "$mode" in
  policy) policy; echo ;;
  meta)
    csp="$(policy)"
    # Replace the meta of an earlier run, or add it right after <meta charset> (which
    # must come first), before any script.
    CSP="$csp" perl -0pi -e '
      s#<meta http-equiv="?Content-Security-Policy"?[^>]*>##gi;
      my $meta = qq(<meta http-equiv="Content-Security-Policy" content="$ENV{CSP}">);
      s#(<meta charset[^>]*>)#$1$meta#i or s#(<head[^>]*>)#$1$meta#i
        or die "csp.sh: no <head> in index.html\n";' "$html"
    ;;
  *) echo "usage: scripts/csp.sh policy|meta <index.html> [config.json]" >&2; exit 2 ;;
esac
