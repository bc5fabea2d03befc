# shellcheck shell=bash disable=SC2016
# emulator-gap 16: under IAM enforcement S3's CORS preflights are refused (they carry no
# credentials); real S3 answers them from the bucket's CORS rules, so the edge does, from
# the data bucket's rules as deployed (one rule: the template has one).
gap_16_edge_s3() {
  printf '      # emulator-gap 16: S3 preflights, answered from the data bucket'"'"'s CORS rules.\n'
  printf '      if ($request_method = OPTIONS) { rewrite ^ /.s3-preflight last; }\n'
}
gap_16_edge_server() {
  cat <<'NGINX'
    # emulator-gap 16
    location = /.s3-preflight {
      internal;
      if ($s3_cors_origin = "") { return 403; }
      add_header Access-Control-Allow-Origin $s3_cors_origin always;
      add_header Access-Control-Allow-Methods $s3_cors_methods always;
      add_header Access-Control-Allow-Headers $s3_cors_headers always;
      add_header Access-Control-Max-Age $s3_cors_max_age always;
      add_header Vary "Origin, Access-Control-Request-Headers, Access-Control-Request-Method" always;
      return 200;
    }
NGINX
}
gap_16_site_http() {
  printf '  # emulator-gap 16: the data bucket'"'"'s CORS rule.\n'
  if [ "$1" != deployed ]; then
    empty_maps s3_cors_origin s3_cors_methods s3_cors_headers s3_cors_max_age
    return
  fi
  awsl s3api get-bucket-cors --bucket "$(output DataBucket)" | jq -r '
    .CORSRules[0] as $r
    | "  map $http_origin $s3_cors_origin {\n    default \"\";\n"
      + ([$r.AllowedOrigins[] | "    \"\(.)\" $http_origin;\n"] | join(""))
      + "  }\n"
      + "  map $http_origin $s3_cors_methods { default \"\($r.AllowedMethods | join(", "))\"; }\n"
      + "  map $http_origin $s3_cors_headers { default \"\($r.AllowedHeaders | join(", "))\"; }\n"
      + "  map $http_origin $s3_cors_max_age { default \"\($r.MaxAgeSeconds // 0)\"; }"'
}
