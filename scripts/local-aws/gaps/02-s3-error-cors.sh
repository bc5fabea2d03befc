# shellcheck shell=bash disable=SC2016
# emulator-gap 2: S3 error answers carry no CORS headers (real S3 adds the bucket's for
# an allowed origin): the edge adds the request's Origin to S3's 4xx/5xx answers, so the
# app can read them.
gap_02_edge_http() {
  printf '  # emulator-gap 2\n  map $status $s3_error_origin { ~^[45] $http_origin; default ""; }\n'
}
gap_02_edge_s3() {
  printf '      # emulator-gap 2\n      add_header Access-Control-Allow-Origin $s3_error_origin always;\n'
}
