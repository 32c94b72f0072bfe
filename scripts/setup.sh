#!/usr/bin/env bash
# Installs what Descent needs and is missing, from Debian's packages and npm only.
# Idempotent: a second run installs nothing. Sourced by test.sh and serve.sh.
set -euo pipefail

DESCENT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DESCENT_ROOT

# Debian packages by purpose.
NATIVE_PACKAGES=(cmake g++ make libeigen3-dev nlohmann-json3-dev libgtest-dev googletest)
WASM_PACKAGES=(emscripten wabt nodejs)
BROWSER_PACKAGES=(chromium firefox-esr)
BATCH_PACKAGES=(parallel)
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# web/tests/unit/figure.test.ts runs the exported matplotlib script (Debian's /usr/bin/python3).
FIGURE_PACKAGES=(python3-matplotlib)
# scripts/lint.sh: clang-format and clang-tidy 14 (the same LLVM as em++ 3.1.6).
LINT_PACKAGES=(clang-format clang-tidy)

missing_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

ensure_packages() {
  local missing
  missing="$(missing_packages "$@")"
  [ -z "${missing// /}" ] && return 0
  echo "setup: installing Debian packages: $missing"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}

ensure_npm() {
  command -v npm >/dev/null 2>&1 || ensure_packages npm
  local web="$DESCENT_ROOT/web"
  # npm ci only when the lock file changed since the last install.
  local stamp="$web/node_modules/.descent-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$web/package-lock.json" "$stamp"; then
    echo "setup: npm ci in web/"
    (cd "$web" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$web/package-lock.json" "$stamp"
  fi
}
