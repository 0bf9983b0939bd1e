#!/usr/bin/env bash
# The main job: set everything up, build Letterpress, check the bundled example inspections and build
# their public site (with PDFs and search) into out/site. Usage: scripts/demo.sh [--as-of YYYY-MM-DD]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
lp=build/dev/pipeline/letterpress
echo "== letterpress check --root examples"
"$lp" check --root examples
echo "== letterpress build --root examples --out out/site --pdf $*"
"$lp" build --root examples --out out/site --pdf "$@"
echo
echo "The site is in $here/out/site. To read it, serve it and open http://localhost:8000/ :"
echo "  python3 -m http.server --directory out/site 8000"
