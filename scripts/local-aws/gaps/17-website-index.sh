# shellcheck shell=bash disable=SC2016
# emulator-gap 17: under IAM enforcement an S3 website's "/" is checked as a listing of the
# bucket and refused to visitors: the edge asks for the index document by name.
gap_17_edge_server() {
  cat <<'NGINX'
    # emulator-gap 17: an S3 website's root is its index document.
    if ($http_host ~* "\.s3-website[.-]") { rewrite ^/$ /index.html break; }
NGINX
}
