#!/usr/bin/env bash
# build.sh [--nosimd] [--probe] [--out DIR] [-j N] [--check-min N]
#
# Builds the Descent core to a WebAssembly ES module with Debian's em++ 3.1.6.
#   default    cpp/**/*.cpp (minus cpp/cli/) + wasm-build/bindings.cpp
#              -> OUT/descent.mjs + OUT/descent.wasm                (SIMD: Eigen's SSE path
#                 through Emscripten's SSE->wasm-SIMD headers)
#   --nosimd   same sources and flags minus the SIMD ones
#              -> OUT/descent-nosimd.mjs + OUT/descent-nosimd.wasm  (for benchmarks)
#   --probe    wasm-build/probe/gemm_probe.cpp instead of the core
#              -> OUT/probe/gemm_probe[-nosimd].mjs/.wasm
# OUT: --out DIR, else $DESCENT_WASM_OUT, else <repo>/build-wasm.
# Incremental: a generated Makefile compiles each .cpp to its own .o (make -jN, default 2;
# header dependencies from -MMD); a change of flags rebuilds everything.
# The SIMD build is checked with check-simd.sh: no relaxed SIMD, and at least 1000 f32x4
# (probe: 300; --check-min N) since -msimd128 alone already yields a few hundred.
# Experiments: DESCENT_WASM_SIMD_FLAGS / DESCENT_WASM_EH_FLAGS override the defaults below;
# DESCENT_WASM_CXXFLAGS adds compile flags (e.g. -DEIGEN_FAST_MATH=0).
# Exit codes: 0 built, 1 error, 2 usage, 3 bindings.cpp absent (core objects compiled only).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

variant=simd
target=core
out=${DESCENT_WASM_OUT:-$ROOT/build-wasm}
jobs=${JOBS:-2}
check_min=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --nosimd) variant=nosimd ;;
    --simd) variant=simd ;;
    --probe) target=probe ;;
    --out) out=$2; shift ;;
    --out=*) out=${1#--out=} ;;
    -j) jobs=$2; shift ;;
    -j*) jobs=${1#-j} ;;
    --check-min) check_min=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- toolchain environment -----------------------------------------------------------
command -v em++ >/dev/null || { echo "build.sh: em++ not found (apt-get install emscripten)" >&2; exit 1; }
command -v make >/dev/null || { echo "build.sh: make not found (apt-get install make)" >&2; exit 1; }
# Emscripten's JS optimizer (acorn, terser) comes from Debian's node-* packages.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
# Cache: Debian ships /usr/share/emscripten/cache prebuilt (libc, libc++ in all three
# exception modes, embind); emscripten only locks or writes it when a library is missing.
# When it is not writable (not root), use a private symlinked copy under OUT instead.
SYS_CACHE=/usr/share/emscripten/cache
if [[ -z ${EM_CACHE:-} && ! -w $SYS_CACHE ]]; then
  export EM_CACHE=$out/em-cache
  if [[ ! -d $EM_CACHE/sysroot ]]; then
    echo "build.sh: $SYS_CACHE is not writable: seeding $EM_CACHE (symlinks)"
    rm -rf "$EM_CACHE"
    cp -as "$SYS_CACHE" "$EM_CACHE"
    rm -f "$EM_CACHE/cache.lock"
  fi
fi

# ---- private include tree: patched Eigen, nlohmann, empty mmintrin.h -----------------
INC=$out/include
"$SCRIPT_DIR/prepare-eigen.sh" "$INC"

# ---- flags -----------------------------------------------------------------------------
# Exceptions: native wasm exception handling (zero-cost on the normal path; the
# -sDISABLE_EXCEPTION_CATCHING=0 JS emulation routes every call that may throw through a
# JS invoke_* trampoline). Needs -fwasm-exceptions at compile AND link time.
read -r -a EH_FLAGS <<<"${DESCENT_WASM_EH_FLAGS:--fwasm-exceptions}"
# SIMD: -msimd128 alone leaves Eigen 3.4 scalar (it has no wasm packet path); -msse4.1
# defines __SSE2__..__SSE4_1__ so Eigen takes its SSE path through Emscripten's SSE
# emulation headers, which map to plain wasm SIMD128 (no relaxed SIMD).
read -r -a SIMD_FLAGS <<<"${DESCENT_WASM_SIMD_FLAGS:--msimd128 -msse4.1}"
[[ $variant == nosimd ]] && SIMD_FLAGS=()

CODEGEN=(-std=c++17 -fno-fast-math "${SIMD_FLAGS[@]}" "${EH_FLAGS[@]}")
CXXFLAGS=("${CODEGEN[@]}" -DEIGEN_DONT_PARALLELIZE -DNDEBUG
  -isystem "$INC" -I"$ROOT/cpp" -Wall -Wextra)
read -r -a EXTRA_CXXFLAGS <<<"${DESCENT_WASM_CXXFLAGS:-}"
CXXFLAGS+=("${EXTRA_CXXFLAGS[@]}")
# shellcheck disable=SC2054  # the commas in -sENVIRONMENT=web,worker,node are meant
LDFLAGS=(-O3 "${CODEGEN[@]}" --bind
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createDescentModule
  -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web,worker,node -sFILESYSTEM=0
  # Embind without new Function(): the page's Content-Security-Policy forbids eval.
  -sDYNAMIC_EXECUTION=0
  --extern-pre-js "$SCRIPT_DIR/node-esm-shim.js")

# Optimisation per file (issue 5: a small .wasm without a slower training step). The code
# a training step runs (networks, the run loop, functions, the classic optimizers, their
# transforms, diagnostics) is built at -O3. Code that runs once per run or page load
# (catalog metadata, config parsing, the gallery, data set generation, the bindings) is
# built at -Oz, the zoo's optimizers at -Os: at -O3 their catalog tables alone were
# hundreds of KB of inlined string and vector construction.
# DESCENT_WASM_OPT=-O3 builds everything at -O3 (for comparison).
opt_for() {  # path relative to the repo
  if [[ -n ${DESCENT_WASM_OPT:-} ]]; then echo "$DESCENT_WASM_OPT"; return; fi
  case $1 in
    cpp/nn/* | cpp/core/* | cpp/problems/functions/* | cpp/diagnostics/* | \
      cpp/run/run.cpp | cpp/run/network_problem.cpp | cpp/run/network/* | \
      cpp/run/function_problem.cpp | \
      cpp/run/training_problem.cpp | cpp/optim/optimizer.cpp | cpp/optim/transforms/* | \
      wasm-build/probe/*)
      echo -O3 ;;
    cpp/optim/optimizers/classic/*) echo -O3 ;;
    cpp/optim/optimizers/*/*) echo -Os ;;
    *) echo -Oz ;;
  esac
}

# ---- sources and outputs -----------------------------------------------------------------
suffix=''
if [[ $variant == nosimd ]]; then suffix=-nosimd; fi
if [[ $target == probe ]]; then
  name=gemm_probe$suffix
  dest=$out/probe
  sources=("$SCRIPT_DIR/probe/gemm_probe.cpp")
  have_bindings=1
  LDFLAGS=("${LDFLAGS[@]/#-sEXPORT_NAME=createDescentModule/-sEXPORT_NAME=createProbeModule}")
else
  name=descent$suffix
  dest=$out
  mapfile -t sources < <(find "$ROOT/cpp" -name '*.cpp' -not -path "$ROOT/cpp/cli/*" | LC_ALL=C sort)
  have_bindings=0
  if [[ -f $SCRIPT_DIR/bindings.cpp ]]; then
    sources+=("$SCRIPT_DIR/bindings.cpp")
    have_bindings=1
  fi
fi
obj=$dest/obj$suffix
mkdir -p "$obj"

for p in "$ROOT" "$out" "${sources[@]}"; do
  [[ $p != *[[:space:]]* ]] || { echo "build.sh: paths with spaces are not supported: $p" >&2; exit 1; }
done

# Flag stamps: rewritten only when the flags change, so make rebuilds exactly then.
write_if_changed() {  # file content
  if [[ ! -f $1 || "$(cat "$1")" != "$2" ]]; then printf '%s' "$2" >"$1"; fi
}
opt_map=$(for src in "${sources[@]}"; do echo "${src#"$ROOT"/} $(opt_for "${src#"$ROOT"/}")"; done)
write_if_changed "$obj/compile.flags" "em++ $(em++ -dumpversion) ${CXXFLAGS[*]} $(sha256sum <<<"$opt_map")"
write_if_changed "$obj/link.flags" "${LDFLAGS[*]} $(sha256sum "$SCRIPT_DIR/node-esm-shim.js")"

objects=()
{
  echo "# Generated by wasm-build/build.sh; do not edit."
  echo "CXXFLAGS := ${CXXFLAGS[*]}"
  echo "LDFLAGS := ${LDFLAGS[*]}"
  echo ".SUFFIXES:"
  echo ".DELETE_ON_ERROR:"
  for src in "${sources[@]}"; do
    rel=${src#"$ROOT"/}
    o=$obj/${rel%.cpp}.o
    objects+=("$o")
    echo "$o: $src $obj/compile.flags"
    echo "	@mkdir -p \$(@D)"
    echo "	@echo '  em++ $rel'"
    echo "	@em++ \$(CXXFLAGS) $(opt_for "$rel") -MMD -MP -c $src -o \$@"
    echo "-include ${o%.o}.d"
  done
  echo "OBJECTS := ${objects[*]}"
  echo "objects: \$(OBJECTS)"
  echo "$dest/$name.mjs: \$(OBJECTS) $obj/link.flags"
  echo "	@echo '  link $name.mjs'"
  echo "	@em++ \$(OBJECTS) \$(LDFLAGS) -o \$@"
} >"$obj/Makefile"

if [[ ${#sources[@]} -eq 0 ]]; then
  echo "build.sh: no sources found under $ROOT/cpp" >&2
  exit 1
fi
if [[ $have_bindings == 0 ]]; then
  make -s -f "$obj/Makefile" -j"$jobs" objects || { echo "build.sh: compile failed" >&2; exit 1; }
  echo "build.sh: $SCRIPT_DIR/bindings.cpp is absent: compiled ${#sources[@]} core object(s)" \
    "in $obj, but no $name.mjs was linked (the Embind bindings are needed for that)." >&2
  exit 3
fi
make -s -f "$obj/Makefile" -j"$jobs" "$dest/$name.mjs" || { echo "build.sh: build failed" >&2; exit 1; }
echo "build.sh: $dest/$name.mjs + $name.wasm ($(stat -c %s "$dest/$name.wasm") bytes)"
if [[ $variant == simd ]]; then
  # Thresholds sit between -msimd128 alone (LLVM autovectorizes a little: core 790,
  # probe 180 f32x4) and Eigen's SSE path (core ~2200, probe ~600).
  [[ -n $check_min ]] || check_min=$([[ $target == probe ]] && echo 300 || echo 1000)
  "$SCRIPT_DIR/check-simd.sh" "$dest/$name.wasm" "$check_min"
fi
