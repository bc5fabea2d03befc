#!/usr/bin/env bash
# Size of the release build (dist/): every file raw and gzip -9, the total, and
# the size budget. Run after `trunk build --release`.
#
#   scripts/size.sh            the table
#   scripts/size.sh --check    the table, then fail if the first load (gzip) is over
#                              the budget in scripts/size-budget.txt (the test command does this)
#   scripts/size.sh --where    also where the wasm's bytes go (twiggy, installed by
#                              scripts/setup.sh): by crate, the biggest functions, the
#                              generics with most copies (monos), and what keeps the
#                              most bytes alive (dominators), on an optimised build
#                              that keeps its function names
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
BUDGET_FILE=scripts/size-budget.txt

# What the first load of any page fetches: index.html and what it links to
# (the main wasm and its glue, the split loader, the CSS); the lazy pages'
# modules come later, when their route opens. config.json is not counted.
# The main wasm file is a bundle (scripts/bundle.py): the first module, then
# the sign-in's modules (srp, signin) in the same response. The first paint waits for the
# first part only: that part counts in the first load, the rest is listed apart.
first_load="$(grep -o 'href=[^ >]*\|module_or_path: [^ }]*' dist/index.html \
  | sed -e 's/^href=//' -e 's/^module_or_path: //' -e "s/[\"']//g" -e 's#^/##' \
  | grep -v '^data:' | sort -u)"
kb() { printf '%d.%d KB' $(($1 / 1000)) $((($1 % 1000) / 100)); }
printf '%-50s %10s %10s  %s\n' "file" "raw B" "gzip B" "loaded"
raw_total=0; gz_total=0; first_total=0
manifest="target/split/bundle.json"
head_bytes=""
main_bytes=""
if [ -f "$manifest" ]; then
  head_bytes="$(jq -r .head "$manifest")"
  main_bytes="$(jq -r '.head + .tail' "$manifest")"
fi
while IFS= read -r f; do
  name="${f#dist/}"
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  raw_total=$((raw_total + raw)); gz_total=$((gz_total + gz))
  when="on demand"
  # (Only for the build the manifest describes: a debug build in dist/ is one module.)
  if [ -n "$head_bytes" ] && [[ "$name" == cognito-app-*_bg.wasm ]] && [ "$raw" = "$main_bytes" ]; then
    # Its first part (the first module) is the first load; the gzip stream's
    # bytes up to the end of that part, as they arrive.
    head_gz=$(head -c "$head_bytes" "$f" | gzip -9 -c | wc -c)
    first_total=$((first_total + head_gz))
    printf '%-50s %10d %10d  %s\n' "$name" "$raw" "$gz" "first load: its first $head_bytes B ($head_gz B gzip); then the $(jq -r '.modules | join(" and ")' "$manifest") modules"
    continue
  fi
  if [ "$name" = index.html ] || grep -qxF "$name" <<<"$first_load"; then
    when="first load"; first_total=$((first_total + gz))
  fi
  printf '%-50s %10d %10d  %s\n' "$name" "$raw" "$gz" "$when"
done < <(find dist -type f ! -name config.json ! -name '*.gz' ! -name '*.br' | sort)
printf '%-50s %10d %10d   (%s gzip)\n' "TOTAL" "$raw_total" "$gz_total" "$(kb "$gz_total")"
printf '%-50s %10s %10d   (%s gzip)\n' "FIRST LOAD (index.html and what it links)" "" "$first_total" "$(kb "$first_total")"

# What opening each module loaded on demand downloads: the module and the chunks
# it needs (the split loader lists them; scripts/split.sh keeps its unminified copy).
loader="target/split/loader.js"
build_hash="$(find dist -maxdepth 1 -name 'cognito-app-*.js' | sed 's/.*cognito-app-//; s/\.js$//' | head -n 1)"
if [ -f "$loader" ] && [ -n "$build_hash" ] && grep -q "$build_hash" "$loader"; then
  python3 - "$loader" "$manifest" <<'PY'
import glob, gzip, importlib.util, json, os, sys
# The loader's loads, read as scripts/bundle.py reads them.
spec = importlib.util.spec_from_file_location("bundle", "scripts/bundle.py")
bundle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bundle)
text = open(sys.argv[1]).read()
# The parts that come in the main file after the first module (scripts/bundle.py).
bundled = {}
if os.path.exists(sys.argv[2]):
    manifest = json.load(open(sys.argv[2]))
    main = open(glob.glob('dist/cognito-app-*_bg.wasm')[0], 'rb').read()
    tail = main[manifest['head']:]
    bundled = {name: tail[off:off + size] for name, (off, size) in manifest['parts'].items()}
deps = bundle.loads(text)
def gz(f):
    data = bundled[f] if f in bundled else open(os.path.join('dist', f), 'rb').read()
    return len(gzip.compress(data, 9))
print('\nopening a module loaded on demand downloads (the module and the chunks it needs, not yet loaded):')
for key in sorted(k for k in deps if not k.startswith('__chunk_')):
    names = [deps[k][0] for k in bundle.needed(deps, key, set())]
    inside = sum(n in bundled for n in names)
    where = f" ({inside} of them in the main file, after the first module)" if inside else ""
    print(f"{key:11} {sum(gz(n) for n in names):8d} B gzip in {len(names):3d} files{where}")
PY
fi

case "${1:-}" in
  --check)
    budget=$(grep -v '^#' "$BUDGET_FILE" | tr -d '[:space:]')
    if [ "$first_total" -gt "$budget" ]; then
      cat >&2 <<EOF

SIZE BUDGET EXCEEDED: the first load is $first_total B gzip; the budget is $budget B
($BUDGET_FILE). See where the bytes go with: trunk build --release && scripts/size.sh --where
Make the change smaller, or raise the budget in $BUDGET_FILE on purpose (say why in the commit).
EOF
      exit 1
    fi
    echo "size budget: first load $first_total B gzip of $budget B ($BUDGET_FILE): ok"
    ;;
  --where)
    command -v twiggy >/dev/null || { echo "twiggy is not installed: bash scripts/setup.sh test" >&2; exit 1; }
    # shellcheck source=/dev/null
    [ -f .tools/env ] && source .tools/env
    raw="target/wasm32-unknown-unknown/release/cognito-app.wasm"
    work="target/size-where"
    rm -rf "$work" && mkdir -p "$work"
    # The same steps as trunk (wasm-bindgen, wasm-opt -Oz), keeping the names.
    wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$work" --out-name app "$raw"
    wasm-opt -Oz -g --enable-reference-types "$work/app_bg.wasm" -o "$work/named.wasm"
    wasm="$work/named.wasm"
    twiggy top -n 1000000 --format csv "$wasm" | python3 -c '
import csv, re, sys, collections
sizes = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    if "section" in name or name.startswith(("export ", "import ")):
        continue  # names and custom sections: not shipped
    m = re.match(r"[<&*\s]*(?:impl |dyn |mut )?([A-Za-z_][A-Za-z0-9_]*)", name)
    sizes[m.group(1) if m else name[:24]] += size
total = sum(sizes.values())
print(f"\ncode and data by crate, after wasm-opt -Oz ({total} B; \"data\" is static data, \"T\" generic impls):")
for crate, size in sizes.most_common(25):
    print(f"{size:9d} B {100 * size / total:5.1f} %  {crate}")
'
    echo; echo "biggest functions and data (twiggy top):"
    twiggy top -n 30 "$wasm" | grep -v 'section\|subsection' | cut -c1-160
    echo; echo "generics with the most copies (twiggy monos):"
    twiggy monos -m 15 -n 2 "$wasm" | cut -c1-160
    echo; echo "what keeps the most bytes alive (twiggy dominators, 3 levels):"
    twiggy dominators -d 3 -r 40 "$wasm" | grep -v 'section' | cut -c1-160
    ;;
  "") ;;
  *) echo "usage: scripts/size.sh [--check|--where]" >&2; exit 2 ;;
esac
