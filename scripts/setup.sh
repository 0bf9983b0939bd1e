#!/usr/bin/env bash
# Installs everything Letterpress needs on a fresh Debian 12 machine (run as root, or with sudo available).
# Idempotent: a second run installs nothing new. Usage: scripts/setup.sh [--build-only]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

# Build and runtime libraries (see README "Dependencies" for why each is here).
build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libcmark-gfm-dev libcmark-gfm-extensions-dev   # Markdown (GFM), safe mode only
  libpugixml-dev                                 # XML DOM with byte offsets -> model
  libxml2-dev libxml2-utils                      # XSD validation (and xmllint, the independent check)
  libcurl4-openssl-dev                           # publishing (S3 SigV4, WebDAV) and SMTP
  libgtest-dev libgmock-dev googletest           # unit tests
  libkainjow-mustache-dev                        # Mustache templates
  nlohmann-json3-dev                             # JSON (manifests, open data, search index)
  libcli11-dev                                   # command-line parsing
  libssl-dev                                     # SHA-256 (content hashes, fingerprints)
  libdtl-dev                                     # word-level diff for the redline
  libre2-dev                                     # linear-time regular expressions for the personal-data check
  libcpp-httplib-dev                             # the loopback HTTP server of `letterpress serve` (preview)
  zlib1g-dev                                     # gzip for the whole-corpus open data files
)
# Test-only tools: real servers and a real browser.
test_pkgs=(
  weasyprint poppler-utils                       # PDF rendering and PDF checks
  chromium                                       # headless browser tests
  clang                                          # libFuzzer (-fsanitize=fuzzer) for the fuzz targets
  default-jre-headless                           # Nu Html Checker (vnu.jar)
  nginx libnginx-mod-http-dav-ext                # WebDAV target
  python3 python3-aiosmtpd python3-botocore python3-jsonschema
  hugo cmark-gfm valgrind                        # benchmarks (bench/run.sh): reference renderers, callgrind
)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--build-only" ]] || want+=("${test_pkgs[@]}")
# Node.js and npm (for Pagefind and the browser tests): Debian's, unless the machine already has them.
if [[ "${1:-}" != "--build-only" ]] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  want+=(nodejs npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node packages for the browser tests and site search (pinned by package-lock.json).
if [[ "${1:-}" != "--build-only" && -f "$here/package.json" ]]; then
  # npm ci installs exactly what package-lock.json records and never rewrites it. The lock lists every
  # platform's optional Pagefind binary (@pagefind/linux-x64, darwin-arm64, ...), so no platform has a
  # reason to change it; CI checks that the checkout is unchanged after set-up and tests (.ci/run).
  (cd "$here" && { [[ -x node_modules/.bin/pagefind && node_modules/.package-lock.json -nt package-lock.json ]] ||
                   npm ci --no-audit --no-fund --loglevel=error; })
fi
