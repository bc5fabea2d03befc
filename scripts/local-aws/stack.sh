# shellcheck shell=bash disable=SC2016,SC2153
# The CloudFormation stack of infra/template.yaml on the emulator, the sample objects,
# and the local config.json.

output() { jq -r ".Stacks[0].Outputs[] | select(.OutputKey == \"$1\") | .OutputValue" "$STATE/stack.json"; }

deploy() {
  say "deploying infra/template.yaml as stack '$STACK'"
  # The site's CSP is what scripts/deploy.sh --local last computed for its build (SITE_CSP);
  # kept so a restart deploys the same one. Before any site deploy: the template's default.
  if [ -n "${SITE_CSP:-}" ]; then printf '%s\n' "$SITE_CSP" >"$STATE/csp.txt"; fi
  local params=()
  if [ -f "$STATE/csp.txt" ]; then params=("ContentSecurityPolicy=$(cat "$STATE/csp.txt")"); fi
  mapfile -t -O "${#params[@]}" params < <(gaps parameters)
  # Mail goes out through an SES identity, which lets the pool send sign-in codes by email
  # (EMAIL_OTP); the emulator keeps the setting and sends nothing (its codes: codes()).
  params+=("EmailSenderArn=arn:aws:ses:$REGION:000000000000:identity/cognito-demo.test"
    "EmailFrom=no-reply@cognito-demo.test")
  awsl cloudformation deploy --template-file infra/template.yaml --stack-name "$STACK" \
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "ExtraAllowedOrigins=$APP_ORIGINS" "ClassicWebsite=true" \
    "WebsiteBucketName=cognito-demo-site" "${params[@]}" >"$STATE/deploy.log" 2>&1 \
    || { cat "$STATE/deploy.log" >&2; die "deploy failed"; }
  awsl cloudformation describe-stacks --stack-name "$STACK" >"$STATE/stack.json"
  gaps deploy
  seed_objects "$(output DataBucket)"
  write_config
  edge_site
}

# Someone else's folder: the tests show a user cannot list or read it.
OTHER_IDENTITY="$REGION:00000000-0000-4000-8000-000000000000"

seed_objects() {
  local bucket="$1" dir="$STATE/seed"
  if [ "$(awsl s3api list-objects-v2 --bucket "$bucket" --max-keys 1 --query KeyCount --output text)" != "0" ]; then
    say "sample objects already in s3://$bucket"
    return
  fi
  say "uploading sample objects to s3://$bucket/public/ (tricky keys, and 1,050 keys under public/bulk/ for paging)"
  rm -rf "$dir" && mkdir -p "$dir/public/bulk" "$dir/public/docs" "$dir/private/$OTHER_IDENTITY"
  printf 'hello\n' >"$dir/public/readme.txt"
  printf 'a report\n' >"$dir/public/docs/quarterly report 2026.txt"
  printf 'fish & chips\n' >"$dir/public/docs/fish & chips.txt"
  printf '<b>not bold</b>\n' >"$dir/public/docs/<b>not bold<%2Fb>.html"
  printf 'unicode\n' >"$dir/public/docs/résumé – ünïcødé 日本語.txt"
  for i in $(seq -w 1 1050); do printf '%s\n' "$i" >"$dir/public/bulk/item-$i.txt"; done
  printf 'not yours\n' >"$dir/private/$OTHER_IDENTITY/secret.txt"
  printf 'outside the folders\n' >"$dir/root.txt"
  awsl s3 sync --only-show-errors "$dir" "s3://$bucket/"
}

# config.json for the app on loopback (scripts/run.sh, the tests' local app): the APIs
# through the plain edge. site-config.json: the deployed site's, through TLS. Both are
# scripts/app-config.sh's, from the stack, with the emulator's addresses and what the
# gaps' config hooks add.
write_config() {
  local edge name
  for edge in "$EDGE" "$EDGE_TLS"; do
    name="$([ "$edge" = "$EDGE" ] && echo config || echo site-config)"
    app_config "$STATE/stack.json" "$(jq -n --arg edge "$edge/" --arg api "$(output ApiId)" '
        {api: "\($edge)_aws/execute-api/\($api)/prod/",
         endpoints: {cognitoIdp: $edge, cognitoIdentity: $edge, s3: ($edge | rtrimstr("/"))}}' \
        | jq -s 'reduce .[] as $o ({}; . * $o)' - <(gaps config "$edge"))" awsl >"$STATE/$name.json"
  done
  cp "$STATE/config.json" "$ROOT/config.json"
  say "wrote config.json (user pool $(output UserPoolId), bucket $(output DataBucket))"
}
