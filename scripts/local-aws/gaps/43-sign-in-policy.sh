# shellcheck shell=bash
# emulator-gap 43: the emulator's CloudFormation gives every user pool the sign-in policy
# PASSWORD only, whatever the template's Policies.SignInPolicy says (and drops
# WebAuthnRelyingPartyID, which the passkeys test reads from the template instead): after
# each deploy the template's SignInPolicy, resolved for the stack's parameters, is set
# through UpdateUserPool, which keeps it (and changes nothing else of the pool).
gap_43_deploy() {
  local params policies
  mapfile -t params < <(jq -r '.Stacks[0].Parameters[]? | "\(.ParameterKey)=\(.ParameterValue)"' "$STATE/stack.json")
  policies="$(python3 scripts/local-aws/template-part.py infra/template.yaml UserPool Policies "${params[@]}" \
    | jq -c '{SignInPolicy}')"
  awsl cognito-idp update-user-pool --user-pool-id "$(output UserPoolId)" --policies "$policies" >/dev/null
}
