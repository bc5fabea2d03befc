# shellcheck shell=bash disable=SC2016
# emulator-gap 27: with SigV4 verification on, every Authorization header is read as a
# SigV4 signature, so an API call carrying a user pool token is refused before API Gateway sees
# it: the edge moves the token to X-Pool-Token and the deployed authorizer reads that header.
# The authorizer still checks the token (signature, expiry, issuer).
gap_27_edge_api() {
  printf '      # emulator-gap 27\n'
  printf '      proxy_set_header X-Pool-Token $http_authorization;\n'
  printf '      proxy_set_header Authorization "";\n'
}
gap_27_deploy() {
  local api authorizer
  api="$(output ApiId)"
  authorizer="$(awsl apigateway get-authorizers --rest-api-id "$api" --query 'items[0].id' --output text)"
  awsl apigateway update-authorizer --rest-api-id "$api" --authorizer-id "$authorizer" \
    --patch-operations op=replace,path=/identitySource,value=method.request.header.X-Pool-Token >/dev/null
  awsl apigateway create-deployment --rest-api-id "$api" --stage-name prod >/dev/null
}
