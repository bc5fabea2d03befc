# shellcheck shell=bash
# emulator-gap 39: the emulator finds a pre-token-generation trigger under LambdaConfig's
# PreTokenGeneration only (AWS's first key, for version 1 events), not under
# PreTokenGenerationConfig (the template's, for version 2), and sends it version 1
# events: after each deploy the pool also gets the same function under PreTokenGeneration
# (AWS accepts both when they name the same function), through UpdateUserPool.
gap_39_deploy() {
  local pool config
  pool="$(output UserPoolId)"
  config="$(awsl cognito-idp describe-user-pool --user-pool-id "$pool" --query UserPool.LambdaConfig --output json)"
  jq -e '.PreTokenGenerationConfig.LambdaArn' <<<"$config" >/dev/null || return 0
  awsl cognito-idp update-user-pool --user-pool-id "$pool" \
    --lambda-config "$(jq -c '. + {PreTokenGeneration: .PreTokenGenerationConfig.LambdaArn}' <<<"$config")" >/dev/null
}
