#!/usr/bin/env bash
# `make bench`: the benchmarks of BENCHMARKS.md. Not part of `make test`.
#
#   1. the CSV reader's throughput (isms-review-bench csv), on generated Chinese text and on 1M cases.csv;
#   2. `isms-review query` against DuckDB (Benchmarks/duckdb/<question>.py) on the same generated CSVs,
#      whole process each, with hyperfine: 1M cases (bench-data/1m) and 100k cases (bench-data/100k);
#   3. the peak memory (max RSS, /usr/bin/time -f %M) of each side.
# Before timing anything it checks that both sides print the same JSON for every question, and stops if not.
#
# Environment: BENCH_NO_BUILD=1 uses the existing release binaries instead of running `swift build`;
# RUNS_1M (default 5) and RUNS_100K (default 10) set hyperfine's --runs. Results go to stdout, and the
# hyperfine exports to bench-data/results/ (git-ignored). About 5 minutes on 2 cores.
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
RUNS_1M=${RUNS_1M:-5}
RUNS_100K=${RUNS_100K:-10}
AS_OF=2026-11-24
BIN=.build/release/isms-review
BENCH_BIN=.build/release/isms-review-bench
RESULTS=bench-data/results

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_install() {
    echo "installing $* with apt-get"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# --- tools -------------------------------------------------------------------------------------------
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
if ! python3 -c 'import duckdb' 2>/dev/null; then
    echo "installing duckdb with pip"
    python3 -m pip install --quiet duckdb
fi
# The interpreter itself, not a wrapper such as a pyenv shim (which adds ~65 ms to every DuckDB run).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

# --- release build and data --------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
    [ -x "$BIN" ] && [ -x "$BENCH_BIN" ] || { echo "BENCH_NO_BUILD=1 but $BIN or $BENCH_BIN is missing" >&2; exit 1; }
    echo "BENCH_NO_BUILD=1: using the existing release binaries"
else
    # The Makefile's release flags (statically linked Swift runtime on Linux) when run through make.
    # shellcheck disable=SC2086
    "$SWIFT" build ${SWIFT_RELEASE_FLAGS:--c release $([ "$(uname -s)" = Linux ] && echo --static-swift-stdlib)}
fi
make --no-print-directory bench-data

# --- machine -----------------------------------------------------------------------------------------
echo
echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "- kernel: $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- swift: $("$SWIFT" --version 2>&1 | grep -m1 -i 'swift version' || echo unknown)"
echo "- duckdb: $("$PYTHON" -c 'import duckdb; print(duckdb.__version__)') (python $("$PYTHON" -c 'import platform; print(platform.python_version())'), $PYTHON); $(hyperfine --version)"
echo "- isms-review: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -z "$(git status --porcelain -- Sources Package.swift 2>/dev/null)" ] || echo ' (with uncommitted changes in Sources/)'), binary built $(date -r "$BIN" '+%Y-%m-%d %H:%M:%S')"
for size in 100k 1m; do
    echo "- bench-data/$size: $(($(wc -l <bench-data/$size/data/cases.csv) - 1)) cases; $(du -sh --apparent-size bench-data/$size/data | cut -f1) of CSV" \
        "(cases.csv $(du -h --apparent-size bench-data/$size/data/cases.csv | cut -f1), services.csv $(du -h --apparent-size bench-data/$size/data/services.csv | cut -f1), certificates.csv $(du -h --apparent-size bench-data/$size/data/certificates.csv | cut -f1))"
done

# The questions: name | isms-review query arguments | DuckDB script.
QUESTIONS=(
    "nature|--by nature|nature"
    "service-type|--by service-type|service_type"
    "nature,outcome|--by nature,outcome|nature_outcome"
    "filing|--by filing|filing"
)

# --- correctness: both sides print the same JSON -----------------------------------------------------
echo
echo "## Agreement (isms-review query --format json vs DuckDB, byte for byte, as of $AS_OF)"
echo
for size in 100k 1m; do
    for question in "${QUESTIONS[@]}"; do
        IFS='|' read -r name args script <<<"$question"
        # shellcheck disable=SC2086
        ours=$("$BIN" query $args --as-of "$AS_OF" --format json --content "bench-data/$size")
        theirs=$("$PYTHON" "Benchmarks/duckdb/$script.py" "bench-data/$size" "$AS_OF")
        if [ "$ours" != "$theirs" ]; then
            echo "MISMATCH on bench-data/$size, $name:" >&2
            echo "  isms-review: $ours" >&2
            echo "  duckdb:      $theirs" >&2
            exit 1
        fi
        echo "- $size $name: same ($(printf '%s' "$ours" | python3 -c 'import json, sys; r = json.load(sys.stdin); print(len(r["rows"]), "rows,", r["total_cases"], "cases")'))"
    done
done

# --- CSV reader --------------------------------------------------------------------------------------
echo
echo "## CSV reader (isms-review-bench csv, one core, best of 7)"
echo
"$BENCH_BIN" csv
"$BENCH_BIN" csv bench-data/1m/data/cases.csv

# --- hyperfine and peak memory -----------------------------------------------------------------------
mkdir -p "$RESULTS"

echo
echo "## Start-up alone (no data read): isms-review --help vs the Python interpreter importing duckdb"
echo
hyperfine --style basic -N --warmup 3 --runs 20 --export-markdown "$RESULTS/startup.md" \
    -n "isms-review --help" "$BIN --help" \
    -n "python: import duckdb" "$PYTHON -c 'import duckdb'"
cat "$RESULTS/startup.md"
compare() { # size runs warmup
    local size=$1 runs=$2 warmup=$3
    echo
    echo "## bench-data/$size: isms-review query vs DuckDB (hyperfine --warmup $warmup --runs $runs, whole process)"
    for question in "${QUESTIONS[@]}"; do
        IFS='|' read -r name args script <<<"$question"
        local tag="${size}-${script}"
        echo
        echo "### $name"
        echo
        hyperfine --style basic -N --warmup "$warmup" --runs "$runs" \
            --export-markdown "$RESULTS/$tag.md" --export-json "$RESULTS/$tag.json" \
            -n isms-review "$BIN query $args --as-of $AS_OF --format json --content bench-data/$size" \
            -n duckdb "$PYTHON Benchmarks/duckdb/$script.py bench-data/$size $AS_OF"
        cat "$RESULTS/$tag.md"
    done

    echo
    echo "### bench-data/$size: summary (ratio = isms-review / DuckDB: > 1 means isms-review is slower)"
    echo
    echo "| question | isms-review mean (s) | DuckDB mean (s) | ratio of means | ratio of medians | ratio of minima | CPU user+sys isms-review / DuckDB (s) | max RSS isms-review / DuckDB (MiB) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for question in "${QUESTIONS[@]}"; do
        IFS='|' read -r name args script <<<"$question"
        local tag="${size}-${script}" rss_ours rss_theirs
        # shellcheck disable=SC2086
        /usr/bin/time -f %M -o "$RESULTS/$tag.rss-ours" "$BIN" query $args --as-of "$AS_OF" --format json --content "bench-data/$size" >/dev/null
        /usr/bin/time -f %M -o "$RESULTS/$tag.rss-duckdb" "$PYTHON" "Benchmarks/duckdb/$script.py" "bench-data/$size" "$AS_OF" >/dev/null
        rss_ours=$(tail -n1 "$RESULTS/$tag.rss-ours")
        rss_theirs=$(tail -n1 "$RESULTS/$tag.rss-duckdb")
        python3 - "$RESULTS/$tag.json" "$name" "$rss_ours" "$rss_theirs" <<'EOF'
import json, sys
path, name, ours_kb, theirs_kb = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
a, b = results["isms-review"], results["duckdb"]
ratio = lambda key: a[key] / b[key]
print(f"| {name} | {a['mean']:.3f} | {b['mean']:.3f} | {ratio('mean'):.2f} | {ratio('median'):.2f} | {ratio('min'):.2f} "
      f"| {a['user'] + a['system']:.2f} / {b['user'] + b['system']:.2f} "
      f"| {int(ours_kb) / 1024:.0f} / {int(theirs_kb) / 1024:.0f} |")
EOF
    done
}

compare 1m "$RUNS_1M" 1
compare 100k "$RUNS_100K" 2

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
