#!/usr/bin/env bash
# trunk post_build hook: in release builds, splits the app's wasm by route so
# the first view downloads only its own code (src/app/lazy.rs names the lazy
# pages). Replaces trunk's wasm-bindgen output in the staging folder:
#   1. wasm-split-cli cuts the raw cargo wasm (linked with --emit-relocs, see
#      build.rs) into the main module, one module per lazy page group and the
#      chunks they share, plus a loader (__wasm_split.js);
#   2. wasm-bindgen on the main module (keeping the exports the chunks link to),
#      less the stream classes of server functions, which nothing here uses
#      (scripts/unused-exports.py);
#   3. wasm-opt -Oz on every module (trunk's own wasm-opt is off: data-wasm-opt="0"),
#      then short names for the main module's JS imports (scripts/short-imports.py);
#   4. the files take trunk's names (chunks get the build's hash), the JS glue
#      and the loader are bundled into one file and minified (esbuild), and
#      index.html's integrity hashes are recomputed.
# Debug builds are not split (the lazy pages are plain functions there).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
cd "${TRUNK_SOURCE_DIR:-.}"
stage="$TRUNK_STAGING_DIR"
# The module trunk just built, wherever cargo puts its target folder.
target_dir="$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
raw="$target_dir/wasm32-unknown-unknown/release/cognito-app.wasm"
fail() { echo "split.sh: $*" >&2; exit 1; }
js_name="$(cd "$stage" && ls cognito-app-*.js)"
base="${js_name%.js}"            # cognito-app-<hash>
hash="${base#cognito-app-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wasm-split-cli "$raw" "$work" --target web --out-name app >"$work/split.log" 2>&1 \
  || { cat "$work/split.log" >&2; exit 1; }
wasm-bindgen "$work/app.wasm" --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/bindgen" --out-name app
python3 scripts/unused-exports.py "$work/bindgen/app_bg.wasm" "$work/bindgen/app.js" >&2
for f in "$work/bindgen/app_bg.wasm" "$work"/split_*.wasm "$work"/chunk_*.wasm; do
  [ -e "$f" ] || continue
  # (wasm-opt warns about the name subsection wasm-split writes: harmless, filtered out;
  # the producers and target-features sections are for tools, not browsers: ~4 kB raw
  # over the sign-in's 18 files)
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
    --strip-producers --strip-target-features "$f" -o "$f" 2> >(grep -v 'unknown name subsection' >&2)
done

python3 scripts/short-imports.py "$work/bindgen/app_bg.wasm" "$work/bindgen/app.js" >&2

# The views' stylesheet (style/pages.css) is not part of the first load: the
# loader adds its link, with its integrity, when it loads the first module on
# demand (every route loads the sign-in's at once), and each module waits for
# it before it starts, so no view it builds shows unstyled. index.html's link
# to it goes (below).
sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }
pages_css="$(cd "$stage" && ls pages-*.css)"
pages_sri="$(sri "$stage/$pages_css")"

# The loader takes a new task before each module's instantiation and before each
# call that waited for a module resumes: loading the sign-in's module (18 files)
# and what runs once it is there are then many short tasks, not one long one.
python3 - "$work/__wasm_split.js" "/$pages_css" "$pages_sri" <<'PY'
import sys
path, css_href, css_sri = sys.argv[1:4]
js = open(path).read()
instantiate = "return async (imports) => (WebAssembly.instantiateStreaming(src, imports));"
resume = "        } finally {\n            const sharedImports = getSharedImports();"
if js.count(instantiate) < 2 or js.count(resume) != 1:
    sys.exit("split.sh: the wasm-split loader is not the one this patch knows (instantiate/resume)")
js = js.replace(instantiate, "return async (imports) => { await Promise.all([nextTask(), pagesCss()]); return WebAssembly.instantiateStreaming(src, imports); };")
js = js.replace(resume, "        } finally {\n            await nextTask();\n            const sharedImports = getSharedImports();")
first_newline = js.index("\n") + 1
js = (js[:first_newline]
      + "// A new task (scripts/split.sh): a message to itself, without setTimeout's clamping.\n"
      + "const nextTask = () => new Promise(resolve => { const c = new MessageChannel(); "
      + "c.port1.onmessage = () => resolve(); c.port2.postMessage(null); });\n"
      + "// The views' stylesheet, added once (loaded or failed: the views work either way).\n"
      + "let pagesCssLoaded;\n"
      + "const pagesCss = () => pagesCssLoaded ??= new Promise(resolve => { "
      + "const link = document.createElement('link'); link.rel = 'stylesheet'; "
      + f"link.integrity = '{css_sri}'; link.href = '{css_href}'; "
      + "link.onload = link.onerror = resolve; document.head.append(link); });\n"
      + js[first_newline:])
open(path, "w").write(js)
PY

loader="__wasm_split-$hash.js"
for f in "$work"/split_*.wasm "$work"/chunk_*.wasm; do
  [ -e "$f" ] || continue
  name="$(basename "$f" .wasm)"
  mv "$f" "$stage/$name-$hash.wasm"
  sed -i "s#\"./$name.wasm\"#\"./$name-$hash.wasm\"#" "$work/__wasm_split.js"
done
sed -i "s#\"./app.js\"#\"./$js_name\"#" "$work/__wasm_split.js"
sed -i -e "s#from \"./__wasm_split.js\"#from \"./$loader\"#" -e "s#'app_bg.wasm'#'${base}_bg.wasm'#" \
  "$work/bindgen/app.js"
# Every rename must have taken: a missed one would only show as a 404 in the browser.
grep -q "from \"./$loader\"" "$work/bindgen/app.js" || fail "the glue does not import $loader"
grep -q "\"./$js_name\"" "$work/__wasm_split.js" || fail "the loader does not import $js_name"
for f in $(grep -o '"\./[a-z_0-9]*-[0-9a-f]*\.wasm"' "$work/__wasm_split.js" | tr -d '"' | sed 's#^\./##'); do
  [ -e "$stage/$f" ] || fail "the loader names $f, which is not in the build"
done
if compgen -G "$work/split_*.wasm" >/dev/null || compgen -G "$work/chunk_*.wasm" >/dev/null; then
  fail "a module was left behind"
fi
[ -n "$(find "$stage" -maxdepth 1 -name "split_*-$hash.wasm")" ] || fail "no split modules"

# Which files each module loaded on demand needs (itself and its chunks), for
# scripts/size.sh: read from the loader before it is minified.
mkdir -p "$target_dir/split"
cp "$work/__wasm_split.js" "$target_dir/split/loader.js"

# The sign-in's module follows the first module in the same file (scripts/bundle.py).
python3 scripts/bundle.py "$work/__wasm_split.js" "$work/bindgen/app.js" "$work/bindgen/app_bg.wasm" \
  "$stage" "$target_dir/split/bundle.json"

# The JS glue and the split loader (which import each other) bundled into one file
# and minified by esbuild (trunk's own minifier cannot parse wasm-bindgen's output):
# one request and one preload, not two, in the first load; the HTML's parse, one
# task, starts a request fewer.
cp "$work/__wasm_split.js" "$work/bindgen/$loader"
mv "$work/bindgen/app.js" "$work/bindgen/$js_name"
esbuild "$work/bindgen/$js_name" --bundle --minify --format=esm --log-level=warning --outfile="$stage/$js_name"
mv "$work/bindgen/app_bg.wasm" "$stage/${base}_bg.wasm"

# index.html: the integrity of the replaced files.
# The main file's preload keeps none: Chrome ignores integrity on a preload "as=fetch"
# (it says so in the console), and a browser that honoured it would not hand the
# preloaded response to the glue's fetch, which has none (different integrity
# metadata), so it would download the file twice; the attribute protected nothing.
html="$stage/index.html"
old_sri="$(grep -o 'integrity=[^ >]*' "$html" | sed 's/^integrity=//; s/"//g')"
js_sri="$(sri "$stage/$js_name")"
perl -0pi -e "
  s#(href=\"?/\Q$js_name\E\"? integrity=)[^ >]+#\${1}$js_sri#;
  s#(href=\"?/\Q${base}_bg.wasm\E\"?) integrity=[^ >]+#\${1}#;
" "$html"
if ! grep -q "$js_sri" "$html" || grep -q "_bg.wasm[^>]*integrity" "$html"; then
  fail "could not update the integrity hashes in index.html"
fi
# trunk's hashes of the files replaced here must all be gone (the CSS keeps its own).
css_sris="$(for f in "$stage"/*.css; do sri "$f"; echo; done)"
for h in $old_sri; do
  grep -qxF "$h" <<<"$css_sris" || ! grep -qF "$h" "$html" || fail "index.html still names a replaced file's hash"
done
# The views' stylesheet: the loader adds it (above), index.html does not link it.
perl -0pi -e "s#<link href=\"?/\Q$pages_css\E\"? integrity=\"?\Q$pages_sri\E\"? rel=\"?stylesheet\"?>##" "$html"
! grep -q "$pages_css" "$html" || fail "index.html still links $pages_css"
grep -qF "$pages_sri" "$stage/$js_name" || fail "the loader does not load $pages_css"
# The loader is in the glue's file; no file of its own is left.
! compgen -G "$stage/__wasm_split*" >/dev/null || fail "the split loader was left in a file of its own"
