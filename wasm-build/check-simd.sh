#!/usr/bin/env bash
# check-simd.sh FILE.wasm [MIN]
#
# Counts f32x4 instructions in FILE.wasm (wasm-objdump -d), prints the count, and fails if it
# is below MIN (default 100) or if any relaxed-SIMD instruction appears (Node 20 and
# Chromium reject relaxed SIMD without flags), and, when node is present, if Node's V8
# rejects the module (WebAssembly.validate). MIN=0 just reports.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 FILE.wasm [MIN]" >&2
  exit 2
fi
wasm=$1
min=${2:-100}
[[ -f $wasm ]] || { echo "check-simd: no such file: $wasm" >&2; exit 2; }
command -v wasm-objdump >/dev/null || { echo "check-simd: wasm-objdump not found (apt-get install wabt)" >&2; exit 2; }

dis=$(mktemp)
trap 'rm -f "$dis"' EXIT
if ! wasm-objdump -d "$wasm" >"$dis" 2>&1; then
  echo "check-simd: FAIL: wasm-objdump cannot decode $wasm (clang 14 emits relaxed SIMD with" \
    "prototype opcodes that wabt does not know; is -mrelaxed-simd set?):" >&2
  tail -3 "$dis" >&2
  exit 1
fi
# Object files keep a target_features section: "+ relaxed-simd" shows there.
wasm-objdump -x -j target_features "$wasm" 2>/dev/null | grep -i 'relaxed' >>"$dis" || true

# One instruction per line in the disassembly: "<offset>: <bytes> | f32x4.add".
f32x4=$(grep -c '| *f32x4\.' "$dis" || true)
simd=$(grep -cE '\| *(v128|[if](8x16|16x8|32x4|64x2))\.' "$dis" || true)
relaxed=$(grep -ci 'relaxed' "$dis" || true)

echo "$wasm: f32x4=$f32x4 (all SIMD=$simd, relaxed=$relaxed, min f32x4=$min)"
if [[ $relaxed -gt 0 ]]; then
  echo "check-simd: FAIL: relaxed-SIMD instructions present:" >&2
  grep -i 'relaxed' "$dis" | sed 's/.*| *//' | sort | uniq -c >&2
  exit 1
fi
# The engine's own verdict: Node's V8 (20.x) must accept the module as it is, no flags.
if command -v node >/dev/null && [[ $wasm == *.wasm ]]; then
  if ! node -e 'process.exit(WebAssembly.validate(require("fs").readFileSync(process.argv[1])) ? 0 : 1)' "$wasm"; then
    echo "check-simd: FAIL: node $(node --version) rejects $wasm (WebAssembly.validate)" >&2
    exit 1
  fi
fi
if [[ $f32x4 -lt $min ]]; then
  echo "check-simd: FAIL: $f32x4 f32x4 instructions < $min: Eigen is not vectorized" >&2
  exit 1
fi
