# shellcheck shell=bash disable=SC2016
# emulator-gap 14: ${cognito-identity.amazonaws.com:sub} has no value when S3 requests are
# checked, so the template's own-folder statements allow nothing here. The deployed role
# gets a second policy, "emulator-own-folder": those statements again for any identity's
# folder (private/*/). The template's policy is left as it is; its per-user rule is proven
# by IAM's policy simulator (e2e/site.test.mjs), since here any user reaches any folder.
gap_14_deploy() {
  local role doc
  role="$(output AuthenticatedRoleArn)"; role="${role##*/}"
  doc="$(awsl iam get-role-policy --role-name "$role" --policy-name shared-and-own-folder --query PolicyDocument \
    | jq -c '.Statement |= [.[] | select(tostring | contains("${cognito-identity.amazonaws.com:sub}"))
        | walk(if type == "string" then gsub("\\$\\{cognito-identity\\.amazonaws\\.com:sub\\}"; "*") else . end)
        | .Sid += "AnyIdentity"]')"
  awsl iam put-role-policy --role-name "$role" --policy-name emulator-own-folder --policy-document "$doc"
}
