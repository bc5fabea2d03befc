# shellcheck shell=bash disable=SC2016
# emulator-gap 25: CloudFormation does not evaluate Fn::Join/Fn::Split inside a Fn::Sub
# variable map, so the template takes the development callback and sign-out URLs as
# parameters of their own (ExtraCallbackURLs, ExtraSignOutURLs): filled here from the
# local app's origins.
gap_25_parameters() {
  printf '%s\n' "ExtraCallbackURLs=$(origins_with /callback)" "ExtraSignOutURLs=$(origins_with /signin)"
}
# Each of APP_ORIGINS with a path.
origins_with() { tr ',' '\n' <<<"$APP_ORIGINS" | sed "s#\$#$1#" | paste -sd, -; }
