#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) into build-fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (incremental). Links the native build's core library (built
# first if missing); see tests/fuzz/CMakeLists.txt for what is instrumented.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_packages "${NATIVE_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}"
[ -f "$DESCENT_ROOT/build/libdescent_core.a" ] || "$DESCENT_ROOT/scripts/build-native.sh"
cmake -S "$DESCENT_ROOT/tests/fuzz" -B "$DESCENT_ROOT/build-fuzz" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$DESCENT_ROOT/build-fuzz" -j"$(nproc)"
