#!/usr/bin/env bash
# Installs everything the app and its tests need, once; later runs only check.
#
#   scripts/setup.sh run    what `scripts/run.sh` needs (toolchain, trunk, local AWS)
#   scripts/setup.sh test   everything (adds browsers, drivers, Node packages)
#   scripts/setup.sh toolchain   only the Rust toolchain steps
#
# Writes .tools/env (sourced by run.sh and test.sh): which Rust toolchain builds
# for wasm32, and where the browser drivers are. Every step says what it does
# and why; a failure names the missing piece and shows the end of its log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PURPOSE="${1:-test}"
TOOLS="$ROOT/.tools"
LOGS="$TOOLS/logs"
mkdir -p "$LOGS"

# Pinned tool versions. wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)"
TRUNK_VERSION="0.21.14"      # trunk 0.22 needs rustc 1.96.1
GECKODRIVER_VERSION="0.37.1"
TWIGGY_VERSION="0.8.0"
WASM_SPLIT_VERSION="0.2.4"   # the first with wasm-bindgen 0.2.128+'s descriptor names
FAKECLOUD_VERSION="0.51.0"
BOTOCORE_VERSION="1.44.8"    # AWS's API models the contract stage holds requests to

T0=$(date +%s)
step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '\nSETUP FAILED: %s\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    printf -- '--- last lines of %s ---\n' "$2" >&2
    tail -n 40 "$2" >&2
  fi
  exit 1
}
# Runs a long command with its output in a log file.
logged() {
  local name="$1"; shift
  local log="$LOGS/$name.log"
  local started
  started=$(date +%s)
  if ! "$@" >"$log" 2>&1; then
    die "$name failed (command: $*)" "$log"
  fi
  info "done in $(( $(date +%s) - started ))s (log: .tools/logs/$name.log)"
}
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else return 1; fi; }

APT_UPDATED=""
apt_install() {
  # Installs the Debian packages among "$@" that are not installed yet.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && { info "already installed: $*"; return 0; }
  have apt-get || die "these packages are needed but this is not a Debian/Ubuntu machine: ${missing[*]}. Install their equivalents and run again."
  info "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    logged apt-update as_root apt-get update
    APT_UPDATED=1
  fi
  logged "apt-${missing[0]}" as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

cargo_tool() {
  # cargo_tool BINARY VERSION INSTALL-ARGS...: installs from crates.io unless that version answers.
  local bin="$1" version="$2"; shift 2
  if have "$bin" && grep -q "$version" <<<"$("$bin" --version 2>/dev/null)"; then
    info "$bin $version already installed"
    return 0
  fi
  info "building $bin $version from crates.io (no prebuilt downloads here; a one-time cost)"
  logged "install-$bin" env -u RUSTUP_TOOLCHAIN cargo install "$@"
  have "$bin" || die "$bin was built but is not on PATH: add ~/.cargo/bin to PATH"
}

write_env() {
  cat >"$TOOLS/env" <<EOF
# Written by scripts/setup.sh; sourced by scripts/run.sh and scripts/test.sh.
export PATH="$ROOT/e2e/node_modules/.bin:\$HOME/.cargo/bin:\$PATH"
export RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN"
export CHROMEDRIVER="$(command -v chromedriver || true)"
export GECKODRIVER="$(command -v geckodriver || true)"
export TRUNK_OFFLINE=true
EOF
}

# ---------------------------------------------------------------------------
step "Rust: rustup and cargo"
export PATH="$HOME/.cargo/bin:$PATH"
have cargo || die "cargo is missing: install Rust with rustup (https://rustup.rs), then run again."
have rustup || die "rustup is missing: this project selects toolchains with rustup; install it, then run again."
info "$(cargo --version)"

# ---------------------------------------------------------------------------
step "Rust: the wasm32-unknown-unknown target"
WASM_TOOLCHAIN=""
DEFAULT_TOOLCHAIN="$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')"
OFFLINE_TOOLCHAIN="web-offline"
OFFLINE_DIR="/opt/rust-web-toolchain"
OFFLINE_SYSROOT="/usr/lib/rustlib/wasm32-unknown-unknown/lib"

# SETUP_WASM_FROM_SOURCE=1 skips rustup and takes the offline path (to test it).
FROM_SOURCE="${SETUP_WASM_FROM_SOURCE:-}"
if [ -z "$FROM_SOURCE" ] && grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed 2>/dev/null)"; then
  WASM_TOOLCHAIN="$DEFAULT_TOOLCHAIN"
  info "installed for $DEFAULT_TOOLCHAIN"
elif grep -q "^$OFFLINE_TOOLCHAIN" <<<"$(rustup toolchain list 2>/dev/null)" && ls "$OFFLINE_SYSROOT"/libstd-*.rlib >/dev/null 2>&1; then
  WASM_TOOLCHAIN="$OFFLINE_TOOLCHAIN"
  info "using the '$OFFLINE_TOOLCHAIN' toolchain set up earlier (Debian rustc-web + a wasm32 std built from source)"
else
  info "trying 'rustup target add wasm32-unknown-unknown' (60 s limit)"
  if [ -z "$FROM_SOURCE" ] && timeout 60 rustup target add wasm32-unknown-unknown >"$LOGS/rustup-target.log" 2>&1; then
    WASM_TOOLCHAIN="$DEFAULT_TOOLCHAIN"
    info "installed by rustup"
  else
    info "rustup could not download it (offline?): building the wasm32 standard library from Debian's Rust sources instead"
    apt_install rustc-web cargo-web rust-web-src lld-22 rust-web-clippy
    [ -d /usr/lib/rustlib/src/rust/library ] || die "rust-web-src did not provide /usr/lib/rustlib/src/rust/library"
    work="$(mktemp -d)"
    mkdir -p "$work/src" && : >"$work/src/lib.rs"
    printf '[package]\nname = "wasm_std_builder"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n' >"$work/Cargo.toml"
    info "compiling std, core, alloc, panic_abort, test, proc_macro for wasm32 (1-3 min, once)"
    logged wasm-std bash -c "cd '$work' && env -u RUSTUP_TOOLCHAIN RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS='-Zforce-unstable-if-unmarked -Cembed-bitcode=yes' \
      /usr/bin/cargo build --release --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort,panic_unwind,test,proc_macro"
    as_root mkdir -p "$OFFLINE_SYSROOT"
    as_root cp "$work"/target/wasm32-unknown-unknown/release/deps/lib*.rlib "$OFFLINE_SYSROOT"/
    as_root rm -f "$OFFLINE_SYSROOT"/libwasm_std_builder*.rlib
    rm -rf "$work"
    as_root mkdir -p "$OFFLINE_DIR/bin"
    for b in rustc cargo rustdoc cargo-clippy clippy-driver; do
      [ -e "/usr/bin/$b" ] && as_root ln -sf "/usr/bin/$b" "$OFFLINE_DIR/bin/$b"
    done
    as_root ln -sfn /usr/lib "$OFFLINE_DIR/lib"
    rustup toolchain link "$OFFLINE_TOOLCHAIN" "$OFFLINE_DIR"
    WASM_TOOLCHAIN="$OFFLINE_TOOLCHAIN"
      # Artifacts from another compiler confuse cargo ("can't find crate"): start clean.
    rm -rf "$ROOT/target"
    info "linked rustup toolchain '$OFFLINE_TOOLCHAIN' ($(/usr/bin/rustc --version))"
  fi
fi
RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" rustc --print sysroot >/dev/null 2>&1 || die "toolchain $WASM_TOOLCHAIN does not run"
# One toolchain builds everything (native tests, clippy, wasm), so nothing compiles twice.
export RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN"
if ! cargo clippy --version >/dev/null 2>&1; then
  if [ "$WASM_TOOLCHAIN" = "$OFFLINE_TOOLCHAIN" ]; then
    apt_install rust-web-clippy
    for b in cargo-clippy clippy-driver; do as_root ln -sf "/usr/bin/$b" "$OFFLINE_DIR/bin/$b"; done
  else
    timeout 120 rustup component add clippy >/dev/null 2>&1 || true
  fi
fi
cargo clippy --version >/dev/null 2>&1 || die "clippy is missing for toolchain $WASM_TOOLCHAIN"
env -u RUSTUP_TOOLCHAIN cargo fmt --version >/dev/null 2>&1 || die "rustfmt is missing for the default toolchain (rustup component add rustfmt)"
info "wasm32 builds use toolchain '$WASM_TOOLCHAIN' ($(rustc --version))"
if [ "$PURPOSE" = "toolchain" ]; then write_env; exit 0; fi

# ---------------------------------------------------------------------------
if [ "$WASM_TOOLCHAIN" = "$OFFLINE_TOOLCHAIN" ]; then
  step "rust-lld, the wasm linker of Debian's rustc (package lld-22)"
  apt_install lld-22
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (must equal the wasm-bindgen crate in Cargo.lock)"
[ -n "$WASM_BINDGEN_VERSION" ] || die "Cargo.lock has no wasm-bindgen entry"
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"

step "trunk $TRUNK_VERSION (builds and serves the app)"
cargo_tool trunk "$TRUNK_VERSION" trunk --version "$TRUNK_VERSION" --locked

step "fakecloud $FAKECLOUD_VERSION (the local AWS emulator; debug build: 10 min instead of 32)"
CARGO_PROFILE_DEV_DEBUG=0 cargo_tool fakecloud "$FAKECLOUD_VERSION" fakecloud --version "$FAKECLOUD_VERSION" --debug

step "wasm-split-cli $WASM_SPLIT_VERSION (splits release builds by route: scripts/split.sh)"
# It has no --version: cargo's own list of installed crates tells.
if grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:" <<<"$(cargo install --list)" && have wasm-split-cli; then
  info "wasm-split-cli $WASM_SPLIT_VERSION already installed"
else
  info "building wasm-split-cli $WASM_SPLIT_VERSION from crates.io (a one-time cost)"
  logged install-wasm-split-cli env -u RUSTUP_TOOLCHAIN cargo install --locked wasm_split_cli_support \
    --version "$WASM_SPLIT_VERSION" --features build-binary
fi

step "AWS CLI and cfn-lint (deploy and check the CloudFormation template)"
if have aws && have cfn-lint; then
  info "already installed: $(aws --version 2>&1 | cut -d' ' -f1), cfn-lint $(cfn-lint --version 2>&1 | awk '{print $2}')"
else
  have python3 || die "python3 is needed for the AWS CLI and cfn-lint"
  logged pip-aws python3 -m pip install --quiet awscli cfn-lint
  hash -r
  have aws || die "aws was installed but is not on PATH (pip's script folder)"
fi

step "nginx with its brotli and JavaScript modules (the edge in front of the emulator: CORS, TLS, what CloudFront adds: compression, headers; emulator-gap 35: the API's scope check)"
apt_install nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-js jq curl openssl

step "botocore $BOTOCORE_VERSION: AWS's API models (the contract stage: scripts/contract/check.py) and the SDK the local Lambda functions import (emulator-gap 36)"
if [ "$(PYTHONPATH="$TOOLS/py" python3 -c 'import botocore; print(botocore.__version__)' 2>/dev/null)" = "$BOTOCORE_VERSION" ]; then
  info "already installed in .tools/py"
else
  have python3 || die "python3 is needed for the local Lambda functions and the contract stage"
  rm -rf "$TOOLS/py"
  logged pip-botocore python3 -m pip install --quiet --target "$TOOLS/py" "botocore==$BOTOCORE_VERSION"
fi

if [ "$PURPOSE" = "test" ]; then
  step "Browsers and drivers for headless tests (Chromium + ChromeDriver, Firefox ESR + geckodriver)"
  apt_install chromium chromium-driver firefox-esr
  cargo_tool geckodriver "$GECKODRIVER_VERSION" geckodriver --version "$GECKODRIVER_VERSION"

  step "WebKit (Safari's engine: WebKitGTK's MiniBrowser and WebKitWebDriver, under Xvfb) for the journey in every engine"
  apt_install webkit2gtk-driver xvfb xauth

  step "shellcheck (checks the scripts) and twiggy (where the wasm's bytes go: scripts/size.sh --where)"
  apt_install shellcheck
  cargo_tool twiggy "$TWIGGY_VERSION" twiggy --version "$TWIGGY_VERSION" --locked
fi

step "Node packages (wasm-opt from binaryen for release builds; amazon-cognito-identity-js and Playwright core for tests)"
if ! have node || ! have npm; then die "node and npm are needed (wasm-opt for release builds, and the tests)"; fi
if [ -d e2e/node_modules/binaryen ] && [ e2e/node_modules/.package-lock.json -nt e2e/package-lock.json ]; then
  info "up to date"
else
  logged npm-ci npm --prefix e2e ci --no-audit --no-fund
fi
grep -q "version 132" <<<"$(e2e/node_modules/.bin/wasm-opt --version)" || die "e2e/node_modules/.bin/wasm-opt is not binaryen 132"

# ---------------------------------------------------------------------------
write_env
step "Set-up complete in $(( $(date +%s) - T0 ))s (toolchain '$WASM_TOOLCHAIN'; settings in .tools/env)"
