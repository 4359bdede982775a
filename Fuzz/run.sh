#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 600), seeded from the test fixtures.
#   Fuzz/run.sh [SECONDS] [TARGET…]        (make fuzz builds the instrumented binary first)
# Crashes, hangs and out-of-memory inputs are written to Fuzz/crashes/; once fixed, copy each into
# Fuzz/regressions/<target>/ where the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv frontmatter loader where)
BIN=.build-fuzz/debug/isms-review-fuzz
[ -x "$BIN" ] || { echo "error: $BIN missing: run make fuzz" >&2; exit 1; }
mkdir -p Fuzz/crashes

seed() {  # target corpus-dir
  local target=$1 dir=$2
  mkdir -p "$dir"
  case $target in
    csv) find Tests -name '*.csv' -size -64k -exec cp -f {} "$dir/" \; 2>/dev/null || true ;;
    frontmatter) find Tests content -name '*.md' -size -64k | while read -r f; do cp -f "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    loader)
      for d in Tests/ReviewDataTests/Fixtures/base/content Tests/ReviewSiteTests/Fixtures/content; do
        python3 - "$d" "$dir/$(echo "$d" | tr / _)" <<'PY'
import sys
d, out = sys.argv[1], sys.argv[2]
files = ["calendar.csv", "data/bodies.csv", "data/cases.csv", "data/services.csv", "data/certificates.csv", "data/code-exceptions.csv"]
parts = []
for f in files:
    try: parts.append(open(f"{d}/{f}", "rb").read())
    except FileNotFoundError: parts.append(b"")
import glob
notices = sorted(glob.glob(f"{d}/notices/*.md"))
parts.append(open(notices[0], "rb").read() if notices else b"")
open(out, "wb").write(b"\0".join(parts))
PY
      done ;;
    where) i=0; for w in 'nature=企业组织,事业单位' 'outcome!=approved' 'submitted_on>=2024-01-01' 'service-type=A,J' 'year=2024' 'filed_on<2020-02-29' 'body=CNCA-R-2002-101'; do printf '%s' "$w" > "$dir/seed$i"; i=$((i+1)); done ;;
  esac
  [ -d "Fuzz/regressions/$target" ] && cp -f Fuzz/regressions/"$target"/* "$dir/" 2>/dev/null || true
}

for target in "${TARGETS[@]}"; do
  corpus=.build-fuzz/corpus/$target
  seed "$target" "$corpus"
  echo "== $target: $SECONDS_PER_TARGET s"
  ISMS_FUZZ_TARGET=$target "$BIN" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$target-" 2>&1 \
    | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+==ERROR|SUMMARY)' || true
done
ls Fuzz/crashes 2>/dev/null | grep . && { echo "crashes found: see Fuzz/crashes/" >&2; exit 1; } || echo "no crashes"
