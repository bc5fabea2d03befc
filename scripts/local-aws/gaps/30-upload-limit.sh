# shellcheck shell=bash
# emulator-gap 30: the local stack's MaxUploadBytes is 32 MiB and its UserQuotaBytes 64 MiB
# (the upload function and config.json read them), so that the tests of the limits can
# exceed them with files of tens of megabytes (AWS deploys keep 100 MiB and 1 GiB).
gap_30_parameters() {
  printf 'MaxUploadBytes=33554432\n'
  printf 'UserQuotaBytes=67108864\n'
}
