# shellcheck shell=bash disable=SC2016
# emulator-gap 30: the local config.json sets maxUploadBytes to 32 MiB, so that the test
# of the limit can exceed it with a 40 MB file (AWS deploys keep the app's 100 MiB default).
gap_30_config() {
  jq -n '{maxUploadBytes: 33554432}'
}
