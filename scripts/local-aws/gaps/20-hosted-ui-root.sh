# shellcheck shell=bash disable=SC2016
# emulator-gap 20: the hosted sign-in endpoints (/oauth2/authorize, /oauth2/token) sit at
# the emulator's root, not on a pool domain: the local config.json's hostedUi.domain is
# the edge. /oauth2/token sends no CORS headers (AWS's does): the edge adds the caller's
# origin (a form POST: no preflight).
gap_20_edge_server() {
  printf '    # emulator-gap 20\n    location /oauth2/ {\n'
  printf '      proxy_pass %s;\n' "$FC"
  printf '      add_header Access-Control-Allow-Origin $http_origin always;\n    }\n'
}
# $1: the edge's address the config is for.
gap_20_config() {
  jq -n --arg edge "$1" '{hostedUi: {domain: $edge}}'
}
