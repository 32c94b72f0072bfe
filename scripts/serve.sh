#!/usr/bin/env bash
# Installs what is missing, builds the WASM core and the web app, and serves the playground
# on http://127.0.0.1:${PORT:-5173}/ (Ctrl-C stops it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$DESCENT_ROOT"
ensure_packages "${NATIVE_PACKAGES[@]}" "${WASM_PACKAGES[@]}"
ensure_npm
bash wasm-build/build.sh
(cd web && npm run --silent build)
port=${PORT:-5173}
echo
echo "Descent is served at http://127.0.0.1:$port/"
echo
cd web && exec npx vite preview --host 127.0.0.1 --port "$port" --strictPort
