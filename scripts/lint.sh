#!/usr/bin/env bash
# The linters, at zero findings: clang-format and clang-tidy (.clang-tidy) over the C++,
# Prettier and ESLint (typescript-eslint, type-checked; web/lint.config.mjs) over the page and
# the test scripts. Needs build/compile_commands.json (scripts/build-native.sh writes it).
# Usage: scripts/lint.sh [cpp|web ...]   (default: both)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$DESCENT_ROOT"

lint_cpp() {
  ensure_packages "${NATIVE_PACKAGES[@]}" "${LINT_PACKAGES[@]}"
  [ -f build/compile_commands.json ] || scripts/build-native.sh
  local formatted
  mapfile -t formatted < <(git ls-files -- 'cpp/*.cpp' 'cpp/*.h' 'tests/cpp/*.cpp' 'tests/cpp/*.h' \
    'tests/reference/*.h' 'tests/fuzz/*.cpp' 'wasm-build/*.cpp' 'wasm-build/*.h' 'tests/bench/*.cpp')
  local status=0
  echo "clang-format: ${#formatted[@]} files"
  clang-format --dry-run -Werror "${formatted[@]}" || status=1
  # clang-tidy over every core and CLI source (headers through HeaderFilterRegex), one
  # translation unit per folder (scripts/tidy-unity.py says why). bugprone-suspicious-include
  # would flag the unity files' own includes of .cpp files; the grep below keeps its rule.
  local sources checked
  mapfile -t sources < <(git ls-files -- 'cpp/*.cpp')
  mapfile -t checked < <(python3 scripts/tidy-unity.py build build/tidy-unity \
    --separate cpp/gallery/demos -- "${sources[@]}")
  echo "clang-tidy: ${#sources[@]} files in ${#checked[@]} translation units"
  run-clang-tidy -quiet -p build/tidy-unity -j "$(nproc)" -checks=-bugprone-suspicious-include \
    >build/clang-tidy.log 2>&1 || {
    grep -E 'error:|warning:' build/clang-tidy.log | grep -v 'warnings generated' | sort -u
    echo "clang-tidy: findings (full log: build/clang-tidy.log)"
    status=1
  }
  if git grep -nE '#include "[^"]*\.(cpp|cc)"' -- cpp tests wasm-build; then
    echo "lint: a source includes a .cpp file (include its header)"
    status=1
  fi
  return $status
}

lint_web() {
  ensure_npm
  (cd web && npm run --silent format:check && npm run --silent lint)
}

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(cpp web)
failed=()
for stage in "${stages[@]}"; do
  case $stage in
    cpp) lint_cpp || failed+=(cpp) ;;
    web) lint_web || failed+=(web) ;;
    *) echo "unknown lint stage: $stage (cpp, web)" >&2; exit 2 ;;
  esac
done
# Every linter runs, so one pass reports all the findings.
if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: findings in ${failed[*]}"
  exit 1
fi
echo "lint: clean"
