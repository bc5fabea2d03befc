# shellcheck shell=bash disable=SC2016
# emulator-gap 3: CloudFormation's IdentityPoolRoleAttachment is accepted but not applied:
# the stack's roles are attached with set-identity-pool-roles after each deploy.
gap_03_deploy() {
  local roles guest
  roles="authenticated=$(output AuthenticatedRoleArn)"
  guest="$(output GuestRoleArn)"
  if [ -n "$guest" ]; then roles="$roles,unauthenticated=$guest"; fi
  awsl cognito-identity set-identity-pool-roles --identity-pool-id "$(output IdentityPoolId)" --roles "$roles"
}
