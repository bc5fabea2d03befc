# shellcheck shell=bash
# emulator-gap 40: the emulator has no passkey, emailed-code or passwordless sign-up steps of
# its own (USER_AUTH offers the password ways only; see the README): the local config.json
# says passwordless: false, although the pool's sign-in policy (emulator-gap 43) and app
# client allow it and scripts/app-config.sh would write true, so that the app run on the
# emulator offers no way in that cannot work there. e2e/passkeys.test.mjs serves the site
# true (what a deploy to AWS writes; it checks that app_config says so) and plays Cognito's side.
gap_40_config() {
  printf '{"passwordless": false}\n'
}
