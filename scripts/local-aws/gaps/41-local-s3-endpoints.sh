# shellcheck shell=bash
# emulator-gap 41: the local S3 is addressed at the edge (path style, 127.0.0.1), not at
# <bucket>.s3.<region>.amazonaws.com, and a presigned URL's signature covers its host: the
# upload function signs for the address the app names when it is one of these (its
# LOCAL_S3_ENDPOINTS variable, set here after each deploy; unset on AWS, where the
# function always signs for AWS's address).
gap_41_deploy() {
  local name variables
  name="$(awsl cloudformation describe-stack-resource --stack-name "$STACK" \
    --logical-resource-id UploadPolicyFunction --query StackResourceDetail.PhysicalResourceId --output text)"
  variables="$(awsl lambda get-function-configuration --function-name "$name" --query Environment.Variables --output json \
    | jq -c --arg endpoints "$EDGE,$EDGE_TLS" '. + {LOCAL_S3_ENDPOINTS: $endpoints}')"
  awsl lambda update-function-configuration --function-name "$name" \
    --environment "$(jq -nc --argjson v "$variables" '{Variables: $v}')" >/dev/null
}
