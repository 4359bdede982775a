#!/usr/bin/env bash
# Headless-Chromium screenshots of a built site, plus a check of the client-side search.
#
#   scripts/screenshots.sh [OUT] [SHOTS]
#
# OUT   a site built by `isms-review site --out OUT` (default _site)
# SHOTS where the PNGs go (default screenshots/)
#
# Installs chromium and fonts-noto-cjk with apt-get when missing (sudo when not root).
# Exits non-zero when a page is missing, a screenshot fails or a search assertion fails.
set -euo pipefail
export LC_ALL=C.UTF-8

OUT=${1:-_site}
SHOTS=${2:-screenshots}
WIDTHS=("1280x2000" "390x2400")

die() { echo "error: $*" >&2; exit 1; }
[ -f "$OUT/index.html" ] || die "$OUT/index.html not found: build the site first (isms-review site --out $OUT)"
OUT=$(cd "$OUT" && pwd)
mkdir -p "$SHOTS"
SHOTS=$(cd "$SHOTS" && pwd)

# --- dependencies -----------------------------------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
need=()
[ -n "$CHROMIUM" ] || need+=(chromium)
fc-list 2>/dev/null | grep -ci 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk)  # not grep -q: SIGPIPE + pipefail
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${need[*]} and no apt-get: install them by hand"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "installing ${need[*]} with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  CHROMIUM=$(command -v chromium || command -v chromium-browser) || die "chromium still missing"
fi

# The Debian launcher prints harmless shell noise on stderr; keep it (and Chromium's logging) quiet.
chrome() { "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>/dev/null; }

# Percent-encode a UTF-8 string byte by byte for a file:// query.
urlencode() {
  local LC_ALL=C s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# --- pages --------------------------------------------------------------------------------------
first() { find "$OUT/$1" -maxdepth 1 -name '*.html' ! -name index.html -printf '%f\n' 2>/dev/null | sort | head -1; }
latest_year=$(find "$OUT/results" -maxdepth 1 -name '[0-9][0-9][0-9][0-9].html' -printf '%f\n' | sort -n | tail -1)
org=$(first org)
notice=$(first notices)
[ -n "$latest_year" ] || die "no results/<year>.html in $OUT"
[ -n "$org" ] || die "no org/*.html in $OUT"
[ -n "$notice" ] || die "no notices/*.html in $OUT"

# name|relative path|query
pages=(
  "index|index.html|"
  "results-${latest_year%.html}|results/$latest_year|"
  "org-${org%.html}|org/$org|"
  "notice-${notice%.html}|notices/$notice|"
  "stats|stats/index.html|"
  "search-shuju|search.html|q=$(urlencode 数据)"
)

shots=0
for page in "${pages[@]}"; do
  IFS='|' read -r name path query <<<"$page"
  [ -f "$OUT/$path" ] || die "$OUT/$path not found"
  url="file://$OUT/$path${query:+?$query}"
  for size in "${WIDTHS[@]}"; do
    file="$SHOTS/$name-${size%x*}.png"
    rm -f "$file"
    chrome --screenshot="$file" --window-size="${size/x/,}" "$url" >/dev/null || true
    [ -s "$file" ] || die "screenshot failed: $url at $size"
    echo "$file"
    shots=$((shots + 1))
  done
done

# --- search assertions --------------------------------------------------------------------------
# Names in the index: every string in an "n":[...] array.
mapfile -t names < <(grep -o '"n":\[[^]]*\]' "$OUT/assets/search-index.js" | grep -o '"[^"]*"' | tr -d '"' | grep -v '^n$' | sort -u)
[ ${#names[@]} -gt 0 ] || die "no organisation names in $OUT/assets/search-index.js"

# The organisation names listed in the dumped DOM's #search-results, one a line (tags stripped).
search_results() {
  local url="file://$OUT/search.html?q=$(urlencode "$1")"
  chrome --virtual-time-budget=3000 --dump-dom "$url" |
    tr '\n' ' ' |
    grep -o '<ul id="search-results"[^>]*>.*</ul>' | sed 's#</ul>.*##' |
    sed 's#</li>#\n#g' | sed -n 's#.*<a [^>]*>\(.*\)</a>.*#\1#p' | sed 's/<[^>]*>//g; s/^ *//; s/ *$//' | grep -v '^$' || true
}

failed=0
# 1. A contiguous Chinese substring of a real name finds that organisation.
target=""
for n in "${names[@]}"; do
  if [ ${#n} -ge 8 ]; then target=$n; break; fi
done
[ -n "$target" ] || target=${names[0]}
sub=${target:2:4}
mapfile -t hits < <(search_results "$sub")
if printf '%s\n' "${hits[@]}" | grep -qxF "$target"; then
  echo "ok: search “$sub” finds “$target” (${#hits[@]} results)"
else
  echo "FAIL: search “$sub” did not list “$target”; got: ${hits[*]:-nothing}" >&2
  failed=1
fi
for h in "${hits[@]}"; do
  case $h in *"$sub"*) ;; *) echo "FAIL: search “$sub” listed “$h”, which does not contain it" >&2; failed=1 ;; esac
done

# 2. Two characters from different parts of a name (not adjacent there) find nothing,
#    or only names in which they do stand together.
loose=${target:0:1}${target: -1}
mapfile -t hits < <(search_results "$loose")
expected=$(printf '%s\n' "${names[@]}" | grep -cF "$loose" || true)
bad=0
for h in "${hits[@]}"; do
  case $h in *"$loose"*) ;; *) echo "FAIL: search “$loose” listed “$h”, which does not contain it as a substring" >&2; failed=1; bad=1 ;; esac
done
if [ "$bad" -eq 0 ]; then
  if [ "$expected" -eq 0 ] && [ ${#hits[@]} -gt 0 ]; then
    echo "FAIL: search “$loose” should find nothing" >&2; failed=1
  else
    echo "ok: search “$loose” (not contiguous in “$target”) lists ${#hits[@]} result(s), all true substrings"
  fi
fi

echo "$shots screenshots in $SHOTS"
[ "$failed" -eq 0 ] || die "search assertions failed"
