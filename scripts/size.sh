#!/usr/bin/env bash
# Size of every file of the release build (dist/), raw and gzip -9, with totals.
#   scripts/size.sh            (after trunk build --release)
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
