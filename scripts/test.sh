#!/usr/bin/env bash
# Every test: set everything up, build with warnings as errors and run the whole suite, then build with
# AddressSanitizer + UndefinedBehaviorSanitizer and run the unit and bad-input tests under them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=$(nproc 2>/dev/null || echo 2)
bash scripts/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs" -L 'unit|bad_input'
