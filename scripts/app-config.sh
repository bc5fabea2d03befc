# shellcheck shell=bash
# The app's config.json, made in this one place from a deployed stack (sourced by
# scripts/deploy.sh for AWS and by scripts/local-aws/stack.sh for the emulator).
#
#   app_config STACK_JSON OVERRIDES AWS_COMMAND...
#
# STACK_JSON: a file with `describe-stacks`' answer; OVERRIDES: a JSON object merged on
# top (the emulator's addresses); AWS_COMMAND: how to call the AWS CLI for that account.
# Prints the configuration (src/config/ reads it; the README's "Configuration" names
# each field).
app_config() {
  local stack="$1" overrides="$2"
  shift 2
  local outputs pool client policy scopes
  outputs="$(jq -c '[.Stacks[0].Outputs[]? | {(.OutputKey): .OutputValue}] | add // {}' "$stack")"
  pool="$(jq -r .UserPoolId <<<"$outputs")"
  client="$(jq -r .UserPoolClientId <<<"$outputs")"
  policy="$("$@" cognito-idp describe-user-pool --user-pool-id "$pool" | jq -c -f scripts/password-policy.jq)"
  # The hosted sign-in asks for what the app client allows.
  scopes="$("$@" cognito-idp describe-user-pool-client --user-pool-id "$pool" --client-id "$client" \
    | jq -c '.UserPoolClient.AllowedOAuthScopes // []')"
  jq -n --argjson o "$outputs" --argjson policy "$policy" --argjson scopes "$scopes" --argjson overrides "$overrides" '
    {region: $o.Region, userPoolId: $o.UserPoolId, clientId: $o.UserPoolClientId,
     identityPoolId: $o.IdentityPoolId, bucket: $o.DataBucket, passwordPolicy: $policy,
     guests: ($o.GuestAccess == "true"), api: $o.ApiURL,
     threatProtection: ($o.ThreatProtection // "OFF"),
     maxUploadBytes: ($o.MaxUploadBytes // "104857600" | tonumber),
     hostedUi: {domain: $o.SignInDomain, scopes: $scopes,
                providers: (($o.SignInProviders // "") | split(",") | map(select(. != "")))}}
    * $overrides'
}
