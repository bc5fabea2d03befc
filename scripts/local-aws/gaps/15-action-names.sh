# shellcheck shell=bash disable=SC2016
# emulator-gap 15: IAM authorizes some S3 operations by their own names where AWS uses a
# shared action: ListObjectsV2 (AWS: "s3:ListBucket") and CreateMultipartUpload,
# UploadPart, CompleteMultipartUpload (AWS: "s3:PutObject"). In the deployed roles'
# (the identity pool's, and the upload function's)
# policies (gap 14's included: it runs first) each statement that allows the AWS action
# also names the emulator's, same resource and conditions. (Its refusals say
# AccessDeniedException: src/s3/error.rs reads both as one.)
EMULATOR_ACTIONS='{"s3:ListBucket": ["s3:ListObjectsV2"],
  "s3:PutObject": ["s3:CreateMultipartUpload", "s3:UploadPart", "s3:CompleteMultipartUpload"]}'
gap_15_deploy() {
  local arn role policy doc upload_role
  upload_role="$(awsl cloudformation describe-stack-resource --stack-name "$STACK" \
    --logical-resource-id UploadPolicyRole --query StackResourceDetail.PhysicalResourceId --output text)"
  for arn in "$(output AuthenticatedRoleArn)" "$(output GuestRoleArn)" "role/$upload_role"; do
    [ -n "${arn#role/}" ] || continue
    role="${arn##*/}"
    for policy in $(awsl iam list-role-policies --role-name "$role" --query PolicyNames --output text); do
      doc="$(awsl iam get-role-policy --role-name "$role" --policy-name "$policy" --query PolicyDocument \
        | jq -c --argjson aliases "$EMULATOR_ACTIONS" '.Statement |= map(
            (.Action | if type == "array" then . else [.] end) as $actions
            | .Action = ($actions + [$actions[] | $aliases[.] // [] | .[]] | unique))')"
      awsl iam put-role-policy --role-name "$role" --policy-name "$policy" --policy-document "$doc"
    done
  done
}
