# shellcheck shell=bash disable=SC2016
# emulator-gap 19: CloudFormation drops an app client's RefreshTokenRotation: the
# template's is applied with UpdateUserPoolClient (every other setting as it is).
gap_19_deploy() {
  local input="$STATE/client-update.json"
  awsl cognito-idp describe-user-pool-client --user-pool-id "$(output UserPoolId)" \
    --client-id "$(output UserPoolClientId)" \
    | jq --argjson rotation "$(python3 scripts/local-aws/template-part.py infra/template.yaml UserPoolClient RefreshTokenRotation)" \
      '.UserPoolClient | del(.ClientSecret, .CreationDate, .LastModifiedDate) + {RefreshTokenRotation: $rotation}' >"$input"
  awsl cognito-idp update-user-pool-client --cli-input-json "file://$input" >/dev/null
}
