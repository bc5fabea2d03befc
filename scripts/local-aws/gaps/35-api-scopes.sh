# shellcheck shell=bash disable=SC2016
# emulator-gap 35: the emulator's Cognito authorizer checks a token's signature, expiry and
# issuer but not what AWS's checks when a method names AuthorizationScopes: that the token
# is an access token (token_use) carrying one of those scopes. The edge refuses the
# others with AWS's answer (401 {"message":"Unauthorized"}) before the authorizer checks
# the rest. The scopes are the deployed methods' (read through the API Gateway API).
gap_35_edge_main() {
  printf '# emulator-gap 35\n'
  printf 'load_module /usr/lib/nginx/modules/ngx_http_js_module.so;\n'
}
gap_35_edge_http() {
  cat >"$STATE/edge/35-api-scopes.js" <<'JS'
// emulator-gap 35: "1" when the method names scopes and the token is not an access
// token with one of them. A missing or malformed token is left to the authorizer.
function refused(r) {
  const needed = (r.variables.api_method_scopes || '').split(' ').filter(Boolean);
  if (needed.length === 0) return '';
  const parts = (r.headersIn.Authorization || '').replace(/^Bearer /i, '').split('.');
  if (parts.length !== 3) return '';
  let claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch (e) {
    return '';
  }
  if (claims.token_use !== 'access') return '1';
  const scopes = String(claims.scope || '').split(' ');
  return needed.some(s => scopes.includes(s)) ? '' : '1';
}
export default { refused };
JS
  printf '  # emulator-gap 35\n'
  printf '  js_import api_scopes from %s/edge/35-api-scopes.js;\n' "$STATE"
  printf '  js_set $api_scope_refused api_scopes.refused;\n'
}
gap_35_edge_api() {
  printf '      # emulator-gap 35\n'
  printf '      if ($api_scope_refused) { return 401 %s; }\n' "'{\"message\":\"Unauthorized\"}'"
}
gap_35_site_http() {
  printf '  # emulator-gap 35: the scopes each method names, by "METHOD <its path at the edge>".\n'
  if [ "$1" != deployed ]; then
    printf '  map $request_method $api_method_scopes { default ""; }\n'
    return
  fi
  local api
  api="$(output ApiId)"
  printf '  map "$request_method $uri" $api_method_scopes {\n'
  awsl apigateway get-resources --rest-api-id "$api" --embed methods \
    | jq -r --arg base "/_aws/execute-api/$api/prod" '.items[] | .path as $p | (.resourceMethods // {}) | to_entries[]
        | select((.value.authorizationScopes // []) | length > 0)
        | "    \"\(.key) \($base)\($p)\" \"\(.value.authorizationScopes | join(" "))\";"'
  printf '    default "";\n  }\n'
}
