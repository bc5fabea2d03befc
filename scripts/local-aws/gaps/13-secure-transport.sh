# shellcheck shell=bash disable=SC2016
# emulator-gap 13: no TLS anywhere: fakecloud learns that a request came over TLS from
# X-Forwarded-Proto (aws:SecureTransport in policies). The edge sends "https" from its TLS
# listeners and from its plain listener on loopback (a page on 127.0.0.1 is a secure
# context for browsers too); fakecloud's own port stays plain HTTP, and the data bucket's
# deny-non-TLS rule refuses it there (e2e/site.test.mjs shows this). The CloudFront site
# of gap 11 sends it too.
gap_13_edge_server() {
  printf '    # emulator-gap 13: both listeners are secure transport (TLS, or loopback).\n'
  printf '    proxy_set_header X-Forwarded-Proto https;\n'
}
