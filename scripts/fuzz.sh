#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan+UBSan, in build/fuzz) and runs each for a
# fixed time from its committed seed corpus (fuzz/seeds/<target>), then prints each target's executions
# per second and the coverage reached (libFuzzer's cov: edges, ft: features). Any crash, sanitizer report or
# timeout fails the run; libFuzzer writes the input to build/fuzz/findings/<target>/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET=25] [TARGET...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
seconds=${1:-25}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_corpus fuzz_corrections fuzz_markdown fuzz_listing fuzz_manifest fuzz_release fuzz_date)
jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target "${targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
summary=()
for t in "${targets[@]}"; do
  findings=build/fuzz/findings/$t
  work=build/fuzz/corpus/$t  # new inputs found in this run; the committed seeds stay as they are
  mkdir -p "$findings" "$work"
  log=build/fuzz/$t.log
  # -max_len: the largest seed decides the default; documents may be up to 256 KiB.
  if ! build/fuzz/fuzz/"$t" "$work" fuzz/seeds/"$t" -max_total_time="$seconds" -max_len=262144 -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1; then
    status=1
    echo "FAIL: $t found a crash; see $log and the input in $findings/" >&2
    grep -m 20 -E "ERROR|runtime error|SUMMARY|Test unit written" "$log" >&2 || true
  fi
  line=$(grep -E "^#[0-9]+.*(cov|ft):" "$log" | tail -n 1 || true)
  execs=$(grep -E "stat::average_exec_per_sec" "$log" | awk '{print $2}' || true)
  runs=$(grep -E "stat::number_of_executed_units" "$log" | awk '{print $2}' || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
  summary+=("$(printf '%-18s %8s runs %7s exec/s   cov %6s   ft %7s' "$t" "${runs:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}")")
done
printf '%s\n' "fuzzing, ${seconds} s per target:" "${summary[@]}"
exit $status
