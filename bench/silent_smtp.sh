#!/usr/bin/env bash
# The worst case for `letterpress issue`: an SMTP server that accepts the connection and never says a word.
# Times `issue ... draft` against one on loopback, with the default limits and with tighter ones, and
# reports wall time and peak memory. Usage: bench/silent_smtp.sh [BINARY=build/dev/pipeline/letterpress]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/dev/pipeline/letterpress}
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$here/examples" "$work/corpus"
# A listener that accepts and holds every connection, silent; it prints its port, then how many connected.
python3 -u - "$work/port" >"$work/server.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
while True:
    c, _ = s.accept(); held.append(c); print(f"connection {len(held)}", flush=True)
PY
server_pid=$!
while [ ! -s "$work/port" ]; do sleep 0.1; done
port=$(cat "$work/port")
common=(--root "$work/corpus" --resources "$here" --as-of 2026-11-23 --out "$work/restricted")
"$bin" draft orrinsford-2026 "${common[@]}" -q
measure() {  # label, extra options...
  local label=$1; shift
  local before; before=$(grep -c connection "$work/server.log" || true)
  set +e
  /usr/bin/time -f "%e s, %M KiB max RSS" -o "$work/time" \
    "$bin" issue orrinsford-2026 draft "${common[@]}" --smtp "smtp://127.0.0.1:$port" --no-pdf --resend "$@" \
    >"$work/out" 2>&1
  local rc=$?
  set -e
  local after; after=$(grep -c connection "$work/server.log" || true)
  printf '%-48s exit %s, %s, %s connection(s)\n    first failure: %s\n' "$label" "$rc" "$(tail -n 1 "$work/time")" \
    "$((after - before))" "$(grep -m1 '^  - ' "$work/out" | sed 's/^ *- //' | cut -c1-150)"
}
echo "letterpress issue against a silent SMTP server, 9 addressees"
measure "defaults (--request-timeout 60, --timeout 300)"
measure "--request-timeout 5"  --request-timeout 5
measure "--timeout 3 (whole run)" --timeout 3
