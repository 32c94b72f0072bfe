#!/usr/bin/env bash
# The benchmark, in one go (issue 5): builds the native core twice (-march=native, and the
# x86-64 baseline = 128-bit SSE2) with its bench engine, the WASM core with SIMD and without,
# installs TF.js 4.22 (tests/bench/package-lock.json), then runs tests/bench/bench.mjs: every
# workload on every engine (native, WASM in Node and headless Chromium, TF.js wasm/cpu in
# both), interleaved, medians over rounds. Prints the tables and targets, writes
# tests/artifacts/bench/bench.json.
# Usage: scripts/bench.sh [--rounds N] [--ms M] [--engines a,b] [--workloads W1,W3] [--out F]
#        scripts/bench.sh --smoke     (seconds: W1 and W3, WASM SIMD/no-SIMD in Node, native SSE2)
# Run it on a quiet machine: other processes distort the absolute numbers (ratios less so).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$DESCENT_ROOT"
ensure_packages "${NATIVE_PACKAGES[@]}" "${WASM_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}"
ensure_npm  # web/node_modules: playwright-core drives Debian's chromium

build_bench() {  # dir, extra cmake args
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DDESCENT_BUILD_TESTS=OFF "$@" >/dev/null
  cmake --build "$dir" --target descent_bench -j"$(nproc)" >/dev/null
}
echo "bench: building the native engines (build-bench/native, build-bench/sse2)"
build_bench build-bench/native -DDESCENT_NATIVE_ARCH=ON
build_bench build-bench/sse2 -DDESCENT_NATIVE_ARCH=OFF
echo "bench: building the WASM core (build-wasm, SIMD and no SIMD)"
bash wasm-build/build.sh >/dev/null
bash wasm-build/build.sh --nosimd >/dev/null

bench=tests/bench
stamp=$bench/node_modules/.descent-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s "$bench/package-lock.json" "$stamp"; then
  echo "bench: npm ci in $bench (TensorFlow.js 4.22)"
  (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$bench/package-lock.json" "$stamp"
fi
exec node "$bench/bench.mjs" "$@"
