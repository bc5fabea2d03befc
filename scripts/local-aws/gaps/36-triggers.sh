# shellcheck shell=bash disable=SC2016
# emulator-gap 36: the emulator runs Lambda functions in Docker or Podman, which this machine
# lacks, and skips a user pool's triggers when they cannot run: the pre-token-generation
# trigger (TokenScopesFunction) adds no scope to the access tokens. The edge's scope
# check (emulator-gap 35) counts the scopes that trigger adds (its SCOPES variable, as
# deployed) as present in every access token of the pool, as they are on AWS.
gap_36_site_http() {
  printf '  # emulator-gap 36: the scopes the pre-token-generation trigger adds.\n'
  if [ "$1" != deployed ]; then empty_maps api_trigger_scopes; return; fi
  local arn scopes=""
  arn="$(awsl cognito-idp describe-user-pool --user-pool-id "$(output UserPoolId)" \
    --query 'UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaArn' --output text)"
  if [ -n "$arn" ] && [ "$arn" != None ]; then
    scopes="$(awsl lambda get-function-configuration --function-name "$arn" \
      --query 'Environment.Variables.SCOPES' --output text | tr ',' ' ')"
  fi
  printf '  map $http_origin $api_trigger_scopes { default "%s"; }\n' "$scopes"
}
