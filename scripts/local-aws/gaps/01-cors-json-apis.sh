# shellcheck shell=bash disable=SC2016
# emulator-gap 1: no CORS on the JSON APIs (cognito-idp, cognito-identity, both POST /):
# the edge answers their preflights and adds Access-Control-Allow-Origin to their answers.
gap_01_edge_server() {
  cat <<'NGINX'
    # emulator-gap 1: the JSON APIs' CORS.
    location = / {
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "*";
        add_header Access-Control-Allow-Methods "POST, GET, OPTIONS";
        add_header Access-Control-Allow-Headers $http_access_control_request_headers;
        add_header Access-Control-Max-Age 600;
        return 204;
      }
NGINX
  printf '      proxy_pass %s;\n' "$FC"
  cat <<'NGINX'
      add_header Access-Control-Allow-Origin "*" always;
    }
NGINX
}
