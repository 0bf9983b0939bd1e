#!/usr/bin/env bash
# Benchmarks `letterpress build` at scale and prints the figures as a Markdown table (bench/README.md).
#
#   bench/run.sh [--bin PATH] [--light] [--pdf K] [--callgrind C] [--jobs J] [--keep DIR] [N ...]
#
# For each N (default 1000) it generates N published inspections (bench/generate.py; heavy letters of 40
# findings and about 54 KB of Markdown each, unless --light), then, in the same run, times:
#   check; a cold build without search; a no-change rebuild; a rebuild after one finding changed; a cold
#   build with the search index (and the search step: the difference); cmark-gfm over the same Markdown in
#   one process; Hugo over the same Markdown, one page per inspection.
# Then, once: a cold build with --pdf of K inspections (default 20) and a no-change --pdf rebuild after a
# touch; and the instruction counts (callgrind) of a cold build and of cmark-gfm for C inspections (default
# 30; 0 skips), which do not depend on the machine's load.
# Each row: wall clock, CPU (user + system) and peak memory (max RSS) from /usr/bin/time.
#
# The binary defaults to the Release build (build/rel: cmake -S . -B build/rel -DCMAKE_BUILD_TYPE=Release).
# Disk: about 1.5 GB per 1,000 heavy inspections (two sites of ~0.6 GB, the corpus, the Hugo site), so
# N=5000 needs about 8 GB under the work folder ($TMPDIR, or --keep DIR) and, before the streaming build,
# about 9 GB of memory. Run it on a quiet machine; on a shared one, `nice -n 10 bash bench/run.sh`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build/rel/pipeline/letterpress
[[ -x $bin ]] || bin=$here/build/dev/pipeline/letterpress
heavy=--heavy pdf_count=20 callgrind_count=30 jobs=$(nproc) keep="" sizes=()
while (($#)); do
  case $1 in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    --light) heavy=""; shift ;;
    --pdf) pdf_count=$2; shift 2 ;;
    --callgrind) callgrind_count=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) sizes+=("$1"); shift ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
((${#sizes[@]})) || sizes=(1000)
for tool in /usr/bin/time cmark-gfm hugo; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: needs $tool (scripts/setup.sh installs it)" >&2; exit 2; }
done
[[ -x $bin ]] || { echo "bench/run.sh: no letterpress binary at $bin (build it, or pass --bin)" >&2; exit 2; }
if [[ -n $keep ]]; then work=$keep; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
as_of=2026-11-23
rows=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log() { echo "$*" >&2; }
group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }  # 10030 -> 10,030

# measure LABEL NOTE-COMMAND -- COMMAND...: runs COMMAND under /usr/bin/time and adds a row. NOTE-COMMAND is
# evaluated afterwards (with the command's output in $work/out) to say what the step did.
measure() {
  local label=$1 note=$2; shift 3
  log "  $label"
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>&1; then
    cat "$work/out" >&2; echo "bench/run.sh: '$label' failed" >&2; exit 1
  fi
  read -r wall user sys rss <"$work/time"
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  last_wall=$wall last_cpu=$cpu
  local mb; mb=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  rows+=("| $n | $label | $wall | $cpu | $mb | $(eval "$note") |")
}
site_size() {  # files and MB of the release a site serves
  local dir; dir=$(realpath "$1")
  printf "%s files, %s MB" "$(find "$dir" -type f | wc -l | group)" \
    "$(du -sm --apparent-size "$dir" | cut -f1)"
}
build_line() {
  grep -E '^(built|site is up to date|PDFs:)' "$work/out" |
    sed 's/ as of [0-9-]*//; s/, release .*//; s/: nothing written to .*/: nothing written/' | paste -sd ';' | sed 's/;/; /g'
}

hugo_site() {  # DIR MARKDOWN-DIR: a minimal Hugo site with one page per inspection, holding the same Markdown
  local dir=$1 md=$2
  rm -rf "$dir"; mkdir -p "$dir/content/reports" "$dir/layouts/_default"
  cat >"$dir/hugo.toml" <<'EOF'
baseURL = "https://inspections.example.org/"
languageCode = "en-gb"
title = "Benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
  cat >"$dir/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
  echo '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}' >"$dir/layouts/_default/single.html"
  echo '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}' \
    >"$dir/layouts/_default/list.html"
  cp "$dir/layouts/_default/list.html" "$dir/layouts/index.html"
  for f in "$md"/*.md; do
    local id; id=$(basename "$f" .md)
    { printf -- '---\ntitle: "%s"\n---\n\n' "$id"; cat "$f"; } >"$dir/content/reports/$id.md"
  done
}

change_one_finding() {  # prepends a sentence to the body of the first finding of the first inspection
  python3 - "$1" <<'EOF'
import glob, sys
path = sorted(glob.glob(sys.argv[1] + "/inspections/*/findings.xml"))[0]
text = open(path, encoding="utf-8").read()
at = text.index("<body>", text.index("<finding "))
open(path, "w", encoding="utf-8").write(text[:at + 6] + "Changed for the benchmark. " + text[at + 6:])
EOF
}

for n in "${sizes[@]}"; do
  log "N=$n: generating"
  corpus=$work/corpus-$n md=$work/md-$n
  generated=$(python3 "$here/bench/generate.py" "$n" "$corpus" $heavy --markdown "$md")
  markdown_mb=$(sed -n 's/.*(\(.*\) MB of Markdown).*/\1/p' <<<"$generated")
  rm -rf "$work/a-$n"{,.releases} "$work/b-$n"{,.releases} "$work/hugo-$n"
  build=("$bin" build --root "$corpus" --as-of $as_of --jobs "$jobs")
  measure "check" "echo '$markdown_mb MB of Markdown'" -- "$bin" check --root "$corpus" -q
  measure "cold build, no search" "site_size $work/a-$n" -- "${build[@]}" --out "$work/a-$n" --no-search
  cold_wall=$last_wall cold_cpu=$last_cpu
  measure "no-change rebuild" "build_line" -- "${build[@]}" --out "$work/a-$n" --no-search
  change_one_finding "$corpus"
  measure "one finding changed" "build_line" -- "${build[@]}" --out "$work/a-$n" --no-search
  measure "cold build with search" "site_size $work/b-$n/pagefind | sed 's/^/index: /'" -- "${build[@]}" --out "$work/b-$n"
  search=$(awk -v a="$last_wall" -v b="$cold_wall" -v c="$last_cpu" -v d="$cold_cpu" \
    'BEGIN { printf "search step %.2f s wall, %.2f s CPU; %.2fx the build without in wall, %.2fx in CPU", a - b, c - d, a / b, c / d }')
  rows[-1]="${rows[-1]% |} ($search) |"
  measure "cmark-gfm, one process" "echo \"\$(ls $md | wc -l) files\"" -- \
    bash -c 'exec cmark-gfm "$@" >/dev/null' - -e table -e strikethrough -e autolink --to html $(ls -d "$md"/*.md)
  hugo_site "$work/hugo-$n" "$md"
  measure "Hugo $(hugo version | grep -o 'v[0-9.]*' | head -n 1), one page per report" "site_size $work/hugo-$n/public" -- \
    hugo --quiet -s "$work/hugo-$n" -d "$work/hugo-$n/public" --cacheDir "$work/hugo-cache"
  rm -rf "$work/a-$n"{,.releases} "$work/b-$n"{,.releases} "$work/hugo-$n"  # keeps the disk needed to that of one N at a time
done

if ((pdf_count > 0)); then
  n=$pdf_count
  log "PDFs: $n inspections"
  corpus=$work/corpus-pdf
  python3 "$here/bench/generate.py" "$n" "$corpus" $heavy >/dev/null
  rm -rf "$work/pdf"{,.releases}
  measure "cold build with --pdf, no search" "build_line" -- \
    "$bin" build --root "$corpus" --as-of $as_of --jobs "$jobs" --out "$work/pdf" --no-search --pdf
  touch "$corpus/letterpress.xml"  # the same inputs, but the quick "inputs unchanged" check cannot tell
  measure "no-change rebuild with --pdf" "build_line" -- \
    "$bin" build --root "$corpus" --as-of $as_of --jobs "$jobs" --out "$work/pdf" --no-search --pdf
  rm -rf "$work/pdf"{,.releases}
fi

callgrind_rows=()
if ((callgrind_count > 0)) && command -v valgrind >/dev/null; then
  n=$callgrind_count
  log "callgrind: $n inspections"
  corpus=$work/corpus-cg md=$work/md-cg
  python3 "$here/bench/generate.py" "$n" "$corpus" $heavy --markdown "$md" >/dev/null
  instructions() {  # LABEL COMMAND...: total instructions executed (all threads)
    local label=$1; shift
    log "  $label (callgrind)"
    rm -f "$work"/cg.out*
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out.%p" "$@" >/dev/null 2>"$work/cg.log" || {
      cat "$work/cg.log" >&2; exit 1; }
    local ir; ir=$(cat "$work"/cg.out.* | awk '/^summary:/ { s += $2 } END { printf "%.0f\n", s }')
    callgrind_rows+=("| $n | $label | $(group <<<"$ir") |")
    last_ir=$ir
  }
  rm -rf "$work/cg-site"{,.releases}
  instructions "cold build, no search (--jobs 1)" \
    "$bin" build --root "$corpus" --as-of $as_of --jobs 1 --out "$work/cg-site" --no-search -q
  build_ir=$last_ir
  touch "$corpus/letterpress.xml"
  change_one_finding "$corpus"
  instructions "one finding changed (--jobs 1)" \
    "$bin" build --root "$corpus" --as-of $as_of --jobs 1 --out "$work/cg-site" --no-search -q
  instructions "cmark-gfm, one process" cmark-gfm -e table -e strikethrough -e autolink --to html $(ls -d "$md"/*.md)
  callgrind_rows+=("| $n | cold build / cmark-gfm | $(awk -v a="$build_ir" -v b="$last_ir" 'BEGIN { printf "%.1fx", a / b }') |")
  rm -rf "$work/cg-site"{,.releases}
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
echo "load average $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (wall times mean little above 2),"
echo "$(free -g | awk '/^Mem:/ { print $2 }') GB memory, binary $bin ($(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$(dirname "$bin")")/CMakeCache.txt" 2>/dev/null || echo unknown build type)), --jobs $jobs${heavy:+, heavy letters}"
echo
echo "| N | step | wall s | CPU s | peak MB | what it did |"
echo "| ---: | --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
if ((${#callgrind_rows[@]})); then
  echo
  echo "| N | instructions (callgrind) | count |"
  echo "| ---: | --- | ---: |"
  printf '%s\n' "${callgrind_rows[@]}"
fi
