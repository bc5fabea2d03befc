# shellcheck shell=bash disable=SC2016
# emulator-gap 21: no /logout (and no hosted session to end): the edge answers it as AWS
# does for a registered sign-out URL, a redirect to logout_uri, from the app client's
# LogoutURLs as deployed; any other logout_uri is refused.
gap_21_edge_server() {
  cat <<'NGINX'
    # emulator-gap 21
    location = /logout {
      if ($logout_target = "") { return 400 "logout_uri is not a sign-out URL of this app client\n"; }
      return 302 $logout_target;
    }
NGINX
}
# Each sign-out URL of the app client, as the app sends it (a percent-encoded query
# value), to itself; anything else to "" (refused).
gap_21_site_http() {
  printf '  # emulator-gap 21: the app client'"'"'s sign-out URLs.\n'
  if [ "$1" != deployed ]; then empty_maps logout_target; return; fi
  awsl cognito-idp describe-user-pool-client --user-pool-id "$(output UserPoolId)" \
    --client-id "$(output UserPoolClientId)" | jq -r '
    "  map $arg_logout_uri $logout_target {\n    default \"\";\n"
    + ([(.UserPoolClient.LogoutURLs // [])[] | "    \"\(@uri)\" \"\(.)\";\n"] | join(""))
    + "  }"'
}
