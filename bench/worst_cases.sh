#!/usr/bin/env bash
# Time and peak memory of `letterpress` on the worst-case inputs of issue 15 (see bench/worst_cases.py).
# Usage: bench/worst_cases.sh [BINARY=build/dev/pipeline/letterpress]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/dev/pipeline/letterpress}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {  # label, command...
  local label=$1; shift
  local code=0
  /usr/bin/time -f "%e s, %M KiB max RSS" -o "$work/time" "$@" >"$work/out" 2>&1 || code=$?
  printf '%-44s %s, exit %d   (%s)\n' "$label" "$(tail -n 1 "$work/time")" "$code" "$(tail -n 1 "$work/out" | cut -c1-100)"
}
python3 "$here/bench/worst_cases.py" glossary-16000 "$work/glossary"
measure "glossary-16000: check" "$bin" check --root "$work/glossary" -q
measure "glossary-16000: build, no search" "$bin" build --root "$work/glossary" --out "$work/glossary-site" \
  --as-of 2026-11-23 --no-search
python3 "$here/bench/worst_cases.py" duplicates-100000 "$work/duplicates"
measure "duplicates-100000: check" "$bin" check --root "$work/duplicates" -q
measure "duplicates-100000: build, no search" "$bin" build --root "$work/duplicates" --out "$work/duplicates-site" \
  --as-of 2026-11-23 --no-search
