#!/usr/bin/env bash
# Site build: `isms-review site` against Hugo (Debian's `hugo` package), on the same generated data.
# Run by `make bench-site` (part of `make bench`, not of `make test`); see "Site build vs Hugo" in
# BENCHMARKS.md.
#
# For each data set (bench-data/10k, bench-data/100k):
#   (a) builds the isms-review site once into a temporary directory and counts its HTML pages (P);
#   (b) writes a Hugo site: a copy of Benchmarks/hugo/ (config + layouts) plus content generated from the
#       same bench-data/<size>/data/*.csv by the Python below — one page per organisation (9-character
#       code) with its approved cases and certificates in front matter, one per certification body with all
#       its approved cases, one per 50 approved cases of a year, and the index pages, mirroring the
#       isms-review site page for page — padded or trimmed (organisation pages) to P, then checked to
#       be within 1 % of P after a first, untimed Hugo build;
#   (c) times both builds with hyperfine (whole process each, output directory removed before each run)
#       and measures the peak memory (max RSS) of one run of each with /usr/bin/time -f %M.
# Prints a Markdown report; hyperfine exports go to bench-data/results/site-<size>.{json,md} (git-ignored).
#
# Environment: SIZES (default "10k 100k"); RUNS_10K (default 5), RUNS_100K (default 3); SITE_BENCH_TMP, where
# both sites (and the Hugo content) are written: default /dev/shm (tmpfs) if it is writable, else /tmp. On
# this VM's disk (ext4 on virtio) writing ~300 MB of small files costs seconds of system time and varies by
# ±30 % from run to run, for both sides alike; tmpfs measures the builders, SITE_BENCH_TMP=/tmp the disk too.
# Uses the existing release binaries (it never runs `swift build`): stops if they are missing.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10k 100k"}
RUNS_10K=${RUNS_10K:-5}
RUNS_100K=${RUNS_100K:-3}
AS_OF=2026-11-24
BIN=.build/release/isms-review
BENCH_BIN=.build/release/isms-review-bench
RESULTS=bench-data/results

[ -x "$BIN" ] && [ -x "$BENCH_BIN" ] || {
    echo "$BIN or $BENCH_BIN is missing: build them first (make build, or swift build -c release --static-swift-stdlib)" >&2
    exit 1
}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_install() {
    echo "installing $* with apt-get" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
command -v hugo >/dev/null 2>&1 || apt_install hugo
[ -x /usr/bin/time ] || apt_install time
HUGO=$(command -v hugo)
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

mkdir -p "$RESULTS"
for size in $SIZES; do
    if [ ! -f "bench-data/$size/data/cases.csv" ]; then
        case $size in
            *k) cases=$((${size%k} * 1000)) ;;
            *m) cases=$((${size%m} * 1000000)) ;;
            *) echo "unknown size $size" >&2; exit 1 ;;
        esac
        "$BENCH_BIN" generate --cases "$cases" --out "bench-data/$size" --calendar content/calendar.csv
    fi
done

if [ -z "${SITE_BENCH_TMP:-}" ]; then
    SITE_BENCH_TMP=/tmp
    [ -d /dev/shm ] && [ -w /dev/shm ] && SITE_BENCH_TMP=/dev/shm
fi
WORK=$(mktemp -d "$SITE_BENCH_TMP/site-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "- kernel: $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- output directories under $SITE_BENCH_TMP ($(stat -f -c %T "$SITE_BENCH_TMP"))"
echo "- hugo: $("$HUGO" version)"
echo "- $(hyperfine --version); python $("$PYTHON" -c 'import platform; print(platform.python_version())')"
echo "- isms-review: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -z "$(git status --porcelain -- Sources Package.swift site-templates 2>/dev/null)" ] || echo ' (with uncommitted changes in Sources/ or site-templates/)'), binary built $(date -r "$BIN" '+%Y-%m-%d %H:%M:%S')"

# Writes the Hugo content for one data set: gen_hugo_content DATA_DIR CONTENT_DIR TARGET_PAGES AS_OF
gen_hugo_content() {
    "$PYTHON" - "$@" <<'PY'
import csv, datetime as dt, json, os, sys
from collections import defaultdict

data_dir, out, target, as_of = sys.argv[1], sys.argv[2], int(sys.argv[3]), dt.date.fromisoformat(sys.argv[4])
def rows(name):
    with open(os.path.join(data_dir, "data", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
day = dt.date.fromisoformat

# Working days (calendar.csv marks `work` and `off` days; otherwise Monday–Friday) and the filing
# deadline: the 30th working day strictly after the certificate date.
calendar = {}
with open(os.path.join(data_dir, "calendar.csv"), encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f):
        calendar[day(r["date"])] = r["kind"]
def working(d):
    k = calendar.get(d)
    return k == "work" if k else d.weekday() < 5
deadlines = {}
def deadline(d):
    if d not in deadlines:
        x, n = d, 0
        while n < 30:
            x += dt.timedelta(days=1)
            n += working(x)
        deadlines[d] = x
    return deadlines[d]

TYPES = {"A": "信息系统设计与开发", "B": "信息系统集成", "C": "监理与测试", "D": "运行维护", "E": "数据处理",
         "F": "数据备份与灾难恢复", "G": "应急技术支持", "H": "安全测评", "I": "信息系统托管", "J": "其它"}
FILING = {"on-time": "按期备案", "late": "逾期备案", "overdue": "逾期未备案", "due": "备案期内", "n/a": "不适用"}

def organisation(code):
    """9-character organisation code: characters 9–17 of an 18-character code, or XXXXXXXX + C of XXXXXXXX-C."""
    return code[8:17] if len(code) == 18 else code[:8] + code[9:]

bodies = {b["approval_no"]: b for b in rows("bodies.csv")}
types = defaultdict(set)
for s in rows("services.csv"):
    types[s["review_no"]].add(s["type"])

approved = []
for r in rows("cases.csv"):
    if r["substantive_result"] != "同意" or not r["substantive_on"]:
        continue
    certified, filed = r["certified_on"], r["filed_on"]
    if certified:
        dl = deadline(day(certified))
        if filed:
            fc = "on-time" if day(filed) <= dl else "late"
        else:
            fc = "overdue" if as_of > dl else "due"
        dl = dl.isoformat()
    else:
        fc, dl = "n/a", ""
    nature = r["nature"] if r["nature"] != "其它" else "其它（%s）" % r["nature_note"]
    approved.append({
        "r": r["review_no"], "n": r["org_name"], "c": r["org_code"], "o": organisation(r["org_code"]),
        "na": nature, "st": "、".join("%s %s" % (t, TYPES.get(t, t)) for t in sorted(types[r["review_no"]])),
        "b": r["body_approval_no"], "bn": bodies.get(r["body_approval_no"], {}).get("name", ""),
        "k": r["kind"], "s": r["scope"], "a": r["substantive_on"], "cn": r["certificate_no"],
        "co": certified, "d": dl, "f": filed, "fl": FILING[fc], "fc": fc,
    })
approved.sort(key=lambda c: (c["a"], c["r"]))

def write(path, front, body=""):
    path = os.path.join(out, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:  # JSON front matter: Hugo's fastest front-matter format
        f.write(json.dumps(front, ensure_ascii=False, separators=(",", ":")))
        f.write("\n\n" + body + "\n")
pages = 0
def page(path, front, body=""):
    global pages
    write(path, front, body)
    pages += 1

by_org = defaultdict(list)
by_body = defaultdict(list)
by_year = defaultdict(list)
for c in approved:
    by_org[c["o"]].append(c)
    by_body[c["b"]].append(c)
    by_year[c["a"][:4]].append(c)
certs = defaultdict(list)
for c in rows("certificates.csv"):
    certs[organisation(c["org_code"])].append(c)
cert_count = defaultdict(int)
for c in rows("certificates.csv"):
    cert_count[c["body_approval_no"]] += 1

# Home, statistics, notices, open data, search (the 404 page is Hugo's layouts/404.html).
latest = sorted(approved, key=lambda c: (c["a"], c["r"]), reverse=True)[:10]
filed = sorted((c for c in approved if c["f"]), key=lambda c: (c["f"], c["r"]), reverse=True)[:10]
page("_index.md", {"title": "首页", "approvedcount": len(approved), "organisationcount": len(by_org),
                   "latestapprovals": latest, "latestfilings": filed},
     "政府部门信息技术外包服务机构申请信息安全管理体系认证（含再认证），应经工业和信息化部安全审查同意；获证后30个工作日内备案。")
stat_rows = [[y, len(v)] for y, v in sorted(by_year.items())]
for code, label in FILING.items():
    stat_rows.append([label, sum(c["fc"] == code for c in approved)])
page("stats/_index.md", {"title": "统计", "rows": stat_rows}, "全部申请的统计。")
page("notices/_index.md", {"title": "通报"}, "暂无通报。")
page("data/_index.md", {"title": "开放数据"}, "审查同意的申请：results.csv、results.json。")
page("search.md", {"title": "检索服务机构"}, "机构名称的任意部分，或组织机构代码 / 统一社会信用代码。")
pages += 1  # 404.html

# Certification bodies: the index and one page per body with all its approved cases.
page("bodies/_index.md", {"title": "认证机构"})
for no, b in bodies.items():
    page("bodies/%s.md" % no, {"title": b["name"], "body": {
        "no": no, "name": b["name"], "nature": b["nature"], "approved": b["isms_approved_on"],
        "revoked": b["isms_revoked_on"], "cases": len(by_body[no]), "certificates": cert_count[no]},
        "cases": by_body[no]})

# Results: the index and each year's approved cases, 50 a page (YEAR, YEAR-2, …).
years = sorted(by_year)
page("results/_index.md", {"title": "审查结果", "total": len(approved),
                           "years": [{"y": y, "count": len(by_year[y])} for y in years]})
for y in years:
    cases = by_year[y]
    count = (len(cases) + 49) // 50
    for p in range(count):
        page("results/%s%s.md" % (y, "" if p == 0 else "-%d" % (p + 1)), {
            "title": "%s年审查结果" % y, "year": y, "page": p + 1, "pagecount": count, "count": len(cases),
            "years": years, "cases": cases[p * 50:(p + 1) * 50]})

# Organisations: one page each, padded (copies of real ones) or trimmed to reach TARGET pages in all.
write("org/_index.md", {"title": "服务机构", "_build": {"render": "never"}})
orgs = sorted(by_org)
want = target - pages
def org_front(o):
    cases = sorted(by_org[o], key=lambda c: (c["a"], c["r"]), reverse=True)
    names = list(dict.fromkeys(c["n"] for c in cases))
    codes = list(dict.fromkeys([o[:8] + "-" + o[8]] + [c["c"] for c in cases] + [c["org_code"] for c in certs[o]]))
    numbers = {c["cn"] for c in cases if c["cn"]}
    return {"title": names[0], "formernames": "、".join(names[1:]), "codes": "、".join(codes),
            "nature": cases[0]["na"], "cases": cases,
            "certificates": [{"no": c["certificate_no"], "on": c["issued_on"], "b": c["body_approval_no"],
                              "bn": bodies.get(c["body_approval_no"], {}).get("name", ""),
                              "covered": c["certificate_no"] in numbers} for c in certs[o]]}
for i in range(max(want, 0)):
    o = orgs[i % len(orgs)]
    page("org/%s.md" % (o if i < len(orgs) else "%s-pad%d" % (o, i // len(orgs))), org_front(o))
print("%d organisations; %d Hugo pages written for a target of %d (%+d organisation pages padded or trimmed)"
      % (len(orgs), pages, target, want - len(orgs)), file=sys.stderr)
PY
}

count_html() { find "$1" -name '*.html' -type f | wc -l; }

for size in $SIZES; do
    runs=$RUNS_100K
    [ "$size" = 10k ] && runs=$RUNS_10K
    data=bench-data/$size
    ours=$WORK/$size/isms-site
    site=$WORK/$size/hugo-site
    hout=$WORK/$size/hugo-out
    mkdir -p "$WORK/$size"

    # (a) isms-review: one untimed build, to count its pages.
    "$BIN" site --content "$data" --out "$ours" --as-of "$AS_OF" >/dev/null
    ours_pages=$(count_html "$ours")

    # (b) Hugo: config + layouts, content from the same CSV files, the same number of pages.
    cp -r Benchmarks/hugo "$site"
    mkdir -p "$site/static/assets"
    cp site-templates/assets/style.css "$site/static/assets/"
    gen_hugo_content "$data" "$site/content" "$ours_pages" "$AS_OF"
    "$HUGO" --source "$site" --quiet --destination "$hout"
    hugo_pages=$(count_html "$hout")
    if [ $(( (hugo_pages - ours_pages) * 100 )) -gt "$ours_pages" ] || [ $(( (ours_pages - hugo_pages) * 100 )) -gt "$ours_pages" ]; then
        echo "page counts differ by more than 1 %: isms-review $ours_pages, hugo $hugo_pages" >&2
        exit 1
    fi

    echo
    echo "## bench-data/$size: $(($(wc -l <"$data/data/cases.csv") - 1)) cases ($(du -sh --apparent-size "$data/data" | cut -f1) of CSV)"
    echo
    echo "- HTML pages: isms-review $ours_pages ($(du -sh --apparent-size "$ours" | cut -f1) in $(find "$ours" -type f | wc -l) files)," \
        "hugo $hugo_pages ($(du -sh --apparent-size "$hout" | cut -f1) in $(find "$hout" -type f | wc -l) files;" \
        "content $(du -sh --apparent-size "$site/content" | cut -f1) in $(find "$site/content" -type f | wc -l) Markdown files)"
    echo "- load average before timing: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo

    isms_cmd="$BIN site --content $data --out $ours --as-of $AS_OF"
    hugo_cmd="$HUGO --source $site --quiet --destination $hout"
    echo '```sh'
    echo "hyperfine --style basic -N --warmup 1 --runs $runs \\"
    echo "  --prepare 'rm -rf $ours' -n isms-review '$isms_cmd' \\"
    echo "  --prepare 'rm -rf $hout' -n hugo '$hugo_cmd'"
    echo '```'
    echo
    hyperfine --style basic -N --warmup 1 --runs "$runs" \
        --prepare "rm -rf $ours" -n isms-review "$isms_cmd" \
        --prepare "rm -rf $hout" -n hugo "$hugo_cmd" \
        --export-json "$RESULTS/site-$size.json" --export-markdown "$RESULTS/site-$size.md" >&2
    cat "$RESULTS/site-$size.md"

    # Peak memory: one run each, output removed first.
    rm -rf "$ours"
    ours_rss=$( { /usr/bin/time -f %M $isms_cmd >/dev/null; } 2>&1 | tail -1)
    rm -rf "$hout"
    hugo_rss=$( { /usr/bin/time -f %M $hugo_cmd >/dev/null; } 2>&1 | tail -1)

    echo
    "$PYTHON" - "$RESULTS/site-$size.json" "$ours_pages" "$hugo_pages" "$ours_rss" "$hugo_rss" <<'PY'
import json, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
pages = {"isms-review": int(sys.argv[2]), "hugo": int(sys.argv[3])}
rss = {"isms-review": int(sys.argv[4]), "hugo": int(sys.argv[5])}
rate = {k: pages[k] / results[k]["mean"] for k in pages}
best = {k: pages[k] / min(results[k]["times"]) for k in pages}
print("| side | pages | mean | median | min | pages/s (mean) | pages/s (best run) | CPU user+sys | peak RSS |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in ("isms-review", "hugo"):
    r = results[k]
    print("| %s | %d | %.3f s | %.3f s | %.3f s | %.0f | %.0f | %.2f s | %.0f MiB |" % (
        k, pages[k], r["mean"], r["median"], min(r["times"]), rate[k], best[k], r["user"] + r["system"],
        rss[k] / 1024))
speed = rate["isms-review"] / rate["hugo"]
memory = rss["isms-review"] / rss["hugo"]
print()
print("- pages/s isms-review ÷ Hugo: **%.2f** (best runs: %.2f) — target ≥ 3: %s" % (
    speed, best["isms-review"] / best["hugo"], "met" if speed >= 3 else "NOT met"))
print("- peak RSS isms-review ÷ Hugo: **%.2f** — target ≤ 0.25: %s" % (memory, "met" if memory <= 0.25 else "NOT met"))
PY
    rm -rf "$ours" "$hout"
done
