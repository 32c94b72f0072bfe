#!/usr/bin/env bash
# Configures and builds the native core, CLI and tests into build/ (incremental).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_packages "${NATIVE_PACKAGES[@]}"
cmake -S "$DESCENT_ROOT" -B "$DESCENT_ROOT/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$DESCENT_ROOT/build" -j"$(nproc)"
