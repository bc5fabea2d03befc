# shellcheck shell=bash disable=SC2016
# The edge (nginx) in front of fakecloud: its certificate, its configuration (edge.conf
# with each gap's pieces), and the part the deployed stack decides (site.conf).

make_certificate() {
  local dir="$STATE/tls"
  [ -f "$dir/edge.crt" ] && [ -f "$dir/edge.key" ] && return
  mkdir -p "$dir"
  say "making a self-signed TLS certificate for the edge (.tools/local-aws/tls/, never committed)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=local AWS edge" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:*.cloudfront.net,DNS:*.amazonaws.com" \
    -keyout "$dir/edge.key" -out "$dir/edge.crt" 2>/dev/null
  # What browsers in the tests are told to accept (--ignore-certificate-errors-spki-list).
  openssl x509 -in "$dir/edge.crt" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | openssl base64 -A >"$dir/spki.txt"
}

# nginx variables a gap's site_http hook defines from the stack, empty before a deploy.
empty_maps() {
  local v
  for v in "$@"; do printf '  map $http_origin $%s { default ""; }\n' "$v"; done
}

write_edge_config() {
  mkdir -p "$STATE/nginx" "$STATE/edge"
  local point brotli=""
  for point in main http server s3 api; do gaps "edge_$point" >"$STATE/edge/$point.conf"; done
  [ -f "$STATE/site.conf" ] || gaps site_http none >"$STATE/site.conf"
  if [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then
    brotli="load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;"
  fi
  sed -e "s|@STATE@|$STATE|g" -e "s|@EDGE_PORT@|$EDGE_PORT|g" -e "s|@TLS_PORT@|$TLS_PORT|g" \
    -e "s|@FC@|$FC|g" -e "s|@REGION@|$REGION|g" -e "s|@BROTLI@|$brotli|" \
    scripts/local-aws/edge.conf >"$STATE/nginx.conf"
}

start_edge() {
  make_certificate
  if pid_alive "$STATE/nginx.pid" && healthy "$EDGE"; then
    say "edge already running on $EDGE and $EDGE_TLS"
    return
  fi
  command -v nginx >/dev/null || die "nginx is not installed: run scripts/setup.sh"
  for port in "$EDGE_PORT" "$TLS_PORT" "$SITE_PORT" "$SITE_HTTP_PORT"; do
    port_busy "$port" && die "port $port is in use by another program (see the ports at the top of scripts/local-aws.sh)"
  done
  write_edge_config
  say "starting the edge (nginx) on $EDGE and $EDGE_TLS"
  nginx -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/nginx-start.log" || { cat "$STATE/nginx-start.log" >&2; die "nginx did not start"; }
  for _ in $(seq 1 50); do healthy "$EDGE" && return; sleep 0.1; done
  die "the edge does not answer on $EDGE"
}

# site.conf from the deployed stack, and the edge reloaded with it.
edge_site() {
  gaps site_http deployed >"$STATE/site.conf.new"
  mv "$STATE/site.conf.new" "$STATE/site.conf"
  nginx -c "$STATE/nginx.conf" -p "$STATE" -t 2>"$STATE/nginx-test.log" || { cat "$STATE/nginx-test.log" >&2; die "the site's edge configuration is not valid"; }
  nginx -c "$STATE/nginx.conf" -p "$STATE" -s reload 2>>"$STATE/nginx-error.log"
  [ -f "$STATE/site-domain.txt" ] || return 0
  local domain
  domain="$(cat "$STATE/site-domain.txt")"
  # A reload takes a moment: wait until the new server answers.
  for _ in $(seq 1 50); do
    curl -ks -m 2 -o /dev/null --resolve "$domain:$SITE_PORT:127.0.0.1" "https://$domain:$SITE_PORT/" && break
    sleep 0.1
  done
  say "CloudFront site: https://$domain/ (edge 127.0.0.1:$SITE_PORT; http on 127.0.0.1:$SITE_HTTP_PORT)"
}
