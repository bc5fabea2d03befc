# shellcheck shell=bash disable=SC2016
# emulator-gap 28: CloudFormation drops API Gateway methods' MethodResponses and their
# integrations' IntegrationResponses (the template's, resolved for this stack, are applied
# through the API Gateway API and the stage deployed again), and gateway responses keep
# their template but lose their headers (the edge adds the DEFAULT_4XX response's
# Access-Control-Allow-Origin to the API's refusals that have none).
gap_28_edge_api() {
  printf '      # emulator-gap 28\n'
  printf '      add_header Access-Control-Allow-Origin $api_error_origin always;\n'
}
gap_28_site_http() {
  printf '  # emulator-gap 28: the origin the DEFAULT_4XX gateway response names.\n'
  if [ "$1" != deployed ]; then empty_maps api_error_origin; return; fi
  local origin
  origin="$(awsl apigateway get-gateway-responses --rest-api-id "$(output ApiId)" \
    | jq -r '.items[] | select(.responseType == "DEFAULT_4XX")
        | .responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"] // "" | ltrimstr("'"'"'") | rtrimstr("'"'"'")')"
  # Only on the gateway's own refusals: a function's answer (AWS_PROXY) carries its own.
  printf '  map "$status:$upstream_http_access_control_allow_origin" $api_error_origin { "~^4[0-9][0-9]:$" "%s"; default ""; }\n' "$origin"
}
api_part() {
  python3 scripts/local-aws/template-part.py infra/template.yaml "$1" "$2" "Distribution.DomainName=$3"
}
gap_28_deploy() {
  local api domain method path resource verb r
  api="$(output ApiId)"
  domain="$(awsl cloudfront get-distribution --id "$(output DistributionId)" --query Distribution.DomainName --output text)"
  for method in ApiWhoAmIGet:/whoami ApiWhoAmIOptions:/whoami; do
    path="${method#*:}"
    method="${method%%:*}"
    resource="$(awsl apigateway get-resources --rest-api-id "$api" --query "items[?path=='$path'].id" --output text)"
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
