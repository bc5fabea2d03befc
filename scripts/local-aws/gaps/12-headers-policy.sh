# shellcheck shell=bash disable=SC2016
# emulator-gap 12: the emulator's CloudFormation stores only the Name and Comment of a
# response headers policy: the template's own policy, resolved for this stack, is applied
# through the CloudFront API (before the CloudFront edge of gap 11 reads it back).
gap_12_deploy() {
  local id etag
  id="$(awsl cloudfront get-distribution-config --id "$(output DistributionId)" \
    --query DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId --output text)"
  etag="$(awsl cloudfront get-response-headers-policy --id "$id" --query ETag --output text)"
  awsl cloudfront update-response-headers-policy --id "$id" --if-match "$etag" \
    --response-headers-policy-config "$(python3 scripts/local-aws/template-part.py infra/template.yaml \
      SiteHeaders ResponseHeadersPolicyConfig --cloudfront-api "AWS::StackName=$STACK" \
      "ContentSecurityPolicy=$(cat "$STATE/csp.txt" 2>/dev/null || true)")" >/dev/null
}
