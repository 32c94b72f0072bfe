#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test:
#   native core (GoogleTest through CTest), the WASM core in Node, the web unit tests
#   (Vitest) and the end-to-end tests in headless Chromium.
#   The lint stage runs scripts/lint.sh (clang-format, clang-tidy, Prettier, ESLint: zero findings).
#   The fuzz stage builds the libFuzzer targets (tests/fuzz/) and runs each for 60 s.
# Usage: scripts/test.sh [native|wasm|web|lint|e2e|fuzz ...]   (default: all, in that order)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$DESCENT_ROOT"

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(native wasm web lint e2e fuzz)
passed=0
failed=0
failed_names=()

run_stage() {
  local name=$1
  shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "=== $name: FAILED after $((SECONDS - start)) s"
  fi
}

native() {
  ensure_packages "${NATIVE_PACKAGES[@]}" "${BATCH_PACKAGES[@]}"
  "$DESCENT_ROOT/scripts/build-native.sh"
  (cd "$DESCENT_ROOT/build" && ctest --output-on-failure -j"$(nproc)" --timeout 900)
}

wasm() {
  # BATCH_PACKAGES: GNU parallel, for the sweep export round trip (tests/wasm/sweep-cli).
  ensure_packages "${NATIVE_PACKAGES[@]}" "${WASM_PACKAGES[@]}" "${BATCH_PACKAGES[@]}"
  ensure_npm  # tests/wasm/sweep-cli bundles the page's own sweep code with esbuild
  [ -x "$DESCENT_ROOT/build/descent" ] || "$DESCENT_ROOT/scripts/build-native.sh"
  bash "$DESCENT_ROOT/wasm-build/build.sh"
  node --test "$DESCENT_ROOT"/tests/wasm/*.test.mjs
}

web() {
  ensure_packages "${WASM_PACKAGES[@]}" "${FIGURE_PACKAGES[@]}"
  ensure_npm
  [ -f "$DESCENT_ROOT/build-wasm/descent.wasm" ] || bash "$DESCENT_ROOT/wasm-build/build.sh"
  (cd "$DESCENT_ROOT/web" && npm run --silent format:check && npm run --silent build && npm test --silent)
}

e2e() {
  ensure_packages "${WASM_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}"
  ensure_npm
  [ -f "$DESCENT_ROOT/web/dist/index.html" ] || (cd "$DESCENT_ROOT/web" && npm run --silent build)
  # tests/e2e/compare.test.mjs checks the page's seed bands against the native CLI.
  [ -x "$DESCENT_ROOT/build/descent" ] || "$DESCENT_ROOT/scripts/build-native.sh"
  E2E_OUT="$DESCENT_ROOT/tests/artifacts/e2e" node --test "$DESCENT_ROOT"/tests/e2e/*.test.mjs
}

lint() {
  "$DESCENT_ROOT/scripts/lint.sh"
}

fuzz() {
  ensure_packages "${NATIVE_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}"
  "$DESCENT_ROOT/scripts/fuzz.sh" "${DESCENT_FUZZ_SECONDS:-60}"
}

for stage in "${stages[@]}"; do
  case $stage in
    native | wasm | web | lint | e2e | fuzz) run_stage "$stage" "$stage" ;;
    *) echo "unknown stage: $stage (native, wasm, web, lint, e2e, fuzz)" >&2; exit 2 ;;
  esac
done

echo
[ $failed -gt 0 ] && echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ $failed -eq 0 ]
