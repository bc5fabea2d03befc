#!/usr/bin/env bash
# Size of every file of the release build (dist/), raw and gzip -9, with totals.
#   scripts/size.sh            (after trunk build --release)
#   scripts/size.sh --crates   also where the wasm's bytes go, by crate (needs twiggy:
#                              cargo install twiggy), from the release wasm before
#                              wasm-bindgen and wasm-opt (sizes are pre-optimisation)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
printf '%-50s %10s %10s\n' "file" "raw B" "gzip B"
raw_total=0; gz_total=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  raw_total=$((raw_total + raw)); gz_total=$((gz_total + gz))
  printf '%-50s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f ! -name config.json | sort)
printf '%-50s %10d %10d   (%.1f KB gzip)\n' "TOTAL" "$raw_total" "$gz_total" "$(echo "$gz_total/1000" | bc -l)"

if [ "${1:-}" = "--crates" ]; then
  command -v twiggy >/dev/null || { echo "twiggy is not installed: cargo install twiggy" >&2; exit 1; }
  wasm="target/wasm32-unknown-unknown/release/cognito-app.wasm"
  twiggy top -n 1000000 --format csv "$wasm" | python3 -c '
import csv, re, sys, collections
sizes = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    if "section" in name or name.startswith(("export ", "import ")):
        continue  # names, wasm-bindgen descriptors: removed by wasm-bindgen / wasm-opt
    m = re.match(r"[<&*\s]*(?:impl |dyn |mut )?([A-Za-z_][A-Za-z0-9_]*)", name)
    sizes[m.group(1) if m else name[:24]] += size
total = sum(sizes.values())
print(f"\ncode and data by crate, before wasm-opt ({total} B):")
for crate, size in sizes.most_common(25):
    print(f"{size:9d} B {100 * size / total:5.1f} %  {crate}")
'
fi
