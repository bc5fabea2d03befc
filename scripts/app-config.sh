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
  local outputs pool client described policy app_client
  outputs="$(jq -c '[.Stacks[0].Outputs[]? | {(.OutputKey): .OutputValue}] | add // {}' "$stack")"
  pool="$(jq -r .UserPoolId <<<"$outputs")"
  client="$(jq -r .UserPoolClientId <<<"$outputs")"
  described="$("$@" cognito-idp describe-user-pool --user-pool-id "$pool")"
  policy="$(jq -c -f scripts/password-policy.jq <<<"$described")"
  app_client="$("$@" cognito-idp describe-user-pool-client --user-pool-id "$pool" --client-id "$client")"
  # passwordless: the pool allows a first factor other than the password (a passkey, an
  # emailed or texted code) and the app client the choice-based sign-in (USER_AUTH).
  # hostedUi.scopes: the hosted sign-in asks for what the app client allows.
  jq -n --argjson o "$outputs" --argjson policy "$policy" --argjson overrides "$overrides" \
    --argjson pool "$described" --argjson client "$app_client" '
    {region: $o.Region, userPoolId: $o.UserPoolId, clientId: $o.UserPoolClientId,
     identityPoolId: $o.IdentityPoolId, bucket: $o.DataBucket, passwordPolicy: $policy,
     guests: ($o.GuestAccess == "true"), api: $o.ApiURL,
     passwordless: ((($pool.UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors // []) - ["PASSWORD"] | length > 0)
                    and (($client.UserPoolClient.ExplicitAuthFlows // []) | index("ALLOW_USER_AUTH") != null)),
     threatProtection: ($o.ThreatProtection // "OFF"),
     maxUploadBytes: ($o.MaxUploadBytes // "104857600" | tonumber),
     hostedUi: {domain: $o.SignInDomain, scopes: ($client.UserPoolClient.AllowedOAuthScopes // []),
                providers: (($o.SignInProviders // "") | split(",") | map(select(. != "")))}}
    * $overrides'
}
