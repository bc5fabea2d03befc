#!/usr/bin/env bash
# Size of the release build (dist/): every file raw and gzip -9, the total, and
# the size budget. Run after `trunk build --release`.
#
#   scripts/size.sh            the table
#   scripts/size.sh --check    the table, then fail if the gzip total is over the
#                              budget in scripts/size-budget.txt (the test command does this)
#   scripts/size.sh --where    also where the wasm's bytes go (twiggy, installed by
#                              scripts/setup.sh): by crate, the biggest functions, the
#                              generics with most copies (monos), and what keeps the
#                              most bytes alive (dominators), on an optimised build
#                              that keeps its function names
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
BUDGET_FILE=scripts/size-budget.txt

printf '%-50s %10s %10s\n' "file" "raw B" "gzip B"
raw_total=0; gz_total=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  raw_total=$((raw_total + raw)); gz_total=$((gz_total + gz))
  printf '%-50s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f ! -name config.json ! -name '*.gz' ! -name '*.br' | sort)
printf '%-50s %10d %10d   (%d.%d KB gzip)\n' "TOTAL" "$raw_total" "$gz_total" \
  $((gz_total / 1000)) $(((gz_total % 1000) / 100))

case "${1:-}" in
  --check)
    budget=$(grep -v '^#' "$BUDGET_FILE" | tr -d '[:space:]')
    if [ "$gz_total" -gt "$budget" ]; then
      cat >&2 <<EOF

SIZE BUDGET EXCEEDED: the release build is $gz_total B gzip; the budget is $budget B
($BUDGET_FILE). See where the bytes go with: trunk build --release && scripts/size.sh --where
Make the change smaller, or raise the budget in $BUDGET_FILE on purpose (say why in the commit).
EOF
      exit 1
    fi
    echo "size budget: $gz_total B gzip of $budget B ($BUDGET_FILE): ok"
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
