#!/usr/bin/env bash
# Benchmarks `letterpress build` on a synthetic corpus: a cold build, a no-change rebuild, and a rebuild after
# one finding changed. Usage: bench/run.sh [N=500] [BINARY=build/dev/pipeline/letterpress]
set -euo pipefail
n=${1:-500}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${2:-$here/build/dev/pipeline/letterpress}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/bench/generate.py" "$n" "$work/corpus" >/dev/null
measure() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e s, %M KiB max RSS" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
  printf '%-34s %s   (%s)\n' "$label" "$(cat "$work/time")" "$(tail -n 3 "$work/out" | head -n 1)"
}
echo "letterpress build, $n inspections, $(nproc) cores"
measure "check" "$bin" check --root "$work/corpus" -q
measure "cold build, no search" "$bin" build --root "$work/corpus" --out "$work/a" --as-of 2026-11-23 --no-search
measure "no-change rebuild" "$bin" build --root "$work/corpus" --out "$work/a" --as-of 2026-11-23 --no-search
first=$(ls "$work/corpus/inspections" | head -n 1)
sed -i '0,/<body>/s//<body>Changed for the benchmark. /' "$work/corpus/inspections/$first/findings.xml"
measure "rebuild after one finding changed" "$bin" build --root "$work/corpus" --out "$work/a" --as-of 2026-11-23 --no-search
measure "cold build with search index" "$bin" build --root "$work/corpus" --out "$work/b" --as-of 2026-11-23
