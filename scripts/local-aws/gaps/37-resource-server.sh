# shellcheck shell=bash
# emulator-gap 37: the emulator's CloudFormation records an AWS::Cognito::UserPoolResourceServer
# without creating it: the template's (ApiResourceServer) is created through the
# Cognito API after each deploy, when the pool does not have it yet.
resource_server_part() {
  python3 scripts/local-aws/template-part.py infra/template.yaml ApiResourceServer "$1" "AWS::StackName=$STACK"
}
gap_37_deploy() {
  local pool identifier
  pool="$(output UserPoolId)"
  identifier="$(resource_server_part Identifier | jq -r .)"
  if awsl cognito-idp describe-resource-server --user-pool-id "$pool" --identifier "$identifier" >/dev/null 2>&1; then
    return
  fi
  awsl cognito-idp create-resource-server --user-pool-id "$pool" --identifier "$identifier" \
    --name "$(resource_server_part Name | jq -r .)" --scopes "$(resource_server_part Scopes)" >/dev/null
}
