#!/usr/bin/env bash
# prepare-eigen.sh INCLUDE_DIR
#
# Builds a private include tree for em++ so that it never sees /usr/include:
#   INCLUDE_DIR/Eigen         copy of /usr/include/eigen3/Eigen, with the six inline-asm
#                             workarounds for old gcc disabled under __EMSCRIPTEN__, and
#                             two wasm-specific fixes: float->int packet casts and exact
#                             sqrt (see the edit list below)
#   INCLUDE_DIR/unsupported   copy of /usr/include/eigen3/unsupported, only if cpp/ uses it
#                             (or DESCENT_EIGEN_UNSUPPORTED=1)
#   INCLUDE_DIR/nlohmann      copy of /usr/include/nlohmann
#   INCLUDE_DIR/mmintrin.h    empty: Eigen's SSE path includes it; Emscripten ships none
#
# Why the guards: clang (and so em++) reports __GNUC__=4 __GNUC_MINOR__=2, so Eigen's
# "gcc < 6.3" x86 inline asm in pmin/pmax is selected, and x86 asm cannot compile to wasm.
# The two GeneralBlockPanelKernel register-spilling barriers are guarded too (they only
# fire for gcc >= 6, not clang, but are x86-only either way).
#
# Idempotent: a stamp records the inputs (this script, Eigen and nlohmann versions); when
# it matches, nothing is touched, so header mtimes stay put and incremental builds stay
# incremental. Never edits /usr/include.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 INCLUDE_DIR" >&2
  exit 2
fi

EIGEN_SRC=${EIGEN_SRC:-/usr/include/eigen3}
JSON_SRC=${JSON_SRC:-/usr/include/nlohmann}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CPP_DIR=${DESCENT_CPP_DIR:-$SCRIPT_DIR/../cpp}
DEST=$1

[[ -f $EIGEN_SRC/Eigen/Core ]] || { echo "prepare-eigen: no Eigen at $EIGEN_SRC" >&2; exit 1; }
[[ -f $JSON_SRC/json.hpp ]] || { echo "prepare-eigen: no nlohmann json at $JSON_SRC" >&2; exit 1; }

need_unsupported=0
if [[ ${DESCENT_EIGEN_UNSUPPORTED:-0} == 1 ]] ||
  { [[ -d $CPP_DIR ]] && grep -rqs --include='*.h' --include='*.hpp' --include='*.cpp' \
    'unsupported/Eigen' "$CPP_DIR" "$SCRIPT_DIR"/*.cpp 2>/dev/null; }; then
  need_unsupported=1
fi

stamp_content() {
  sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
  grep -E '^#define EIGEN_(WORLD|MAJOR|MINOR)_VERSION' "$EIGEN_SRC/Eigen/src/Core/util/Macros.h"
  grep -m3 -E '^ *#define NLOHMANN_JSON_VERSION_(MAJOR|MINOR|PATCH)' "$JSON_SRC/json.hpp" || true
  stat -c '%Y %s' "$EIGEN_SRC/Eigen/Core" "$JSON_SRC/json.hpp"
  echo "unsupported=$need_unsupported"
}

mkdir -p "$DEST"
# Serialize concurrent runs on the same DEST (e.g. the SIMD and no-SIMD builds at once).
if command -v flock >/dev/null; then
  exec 9>"$DEST/.prepare-eigen.lock"
  flock 9
fi
STAMP=$DEST/.prepare-eigen.stamp
want=$(stamp_content)
if [[ -f $STAMP && "$(cat "$STAMP")" == "$want" && -d $DEST/Eigen && -d $DEST/nlohmann &&
  -f $DEST/mmintrin.h ]]; then
  echo "prepare-eigen: $DEST is up to date"
  exit 0
fi

# Build into a staging dir, then swap in, so an interrupted run never leaves a half-patched tree.
STAGE=$(mktemp -d "$DEST/.stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

cp -r "$EIGEN_SRC/Eigen" "$STAGE/Eigen"
if [[ $need_unsupported == 1 ]]; then
  cp -r "$EIGEN_SRC/unsupported" "$STAGE/unsupported"
fi
cp -r "$JSON_SRC" "$STAGE/nlohmann"
: >"$STAGE/mmintrin.h"

# Checked edit: each pattern must occur exactly the expected number of times.
python3 - "$STAGE/Eigen/src/Core" <<'PY'
import sys, pathlib
core = pathlib.Path(sys.argv[1])
edits = [
    # (file, old, new, expected count)
    ("arch/SSE/PacketMath.h",
     "#if EIGEN_COMP_GNUC && EIGEN_COMP_GNUC < 63\n",
     "#if EIGEN_COMP_GNUC && EIGEN_COMP_GNUC < 63 && !defined(__EMSCRIPTEN__)\n",
     4),  # pmin<Packet4f>, pmin<Packet2d>, pmax<Packet4f>, pmax<Packet2d>
    ("products/GeneralBlockPanelKernel.h",
     "#if EIGEN_GNUC_AT_LEAST(6,0) && defined(EIGEN_VECTORIZE_SSE)\n",
     "#if EIGEN_GNUC_AT_LEAST(6,0) && defined(EIGEN_VECTORIZE_SSE) && !defined(__EMSCRIPTEN__)\n",
     2),  # peeled_kc_onestep 1X4 barrier, EIGEN_GEBP_2PX4_SPILLING_WORKAROUND
    # Not asm, speed: Emscripten emulates _mm_cvttps_epi32 lane by lane with lrint() calls
    # (x86's 0x80000000 for out-of-range). Eigen's pexp (pldexp) casts through it, which
    # made SIMD exp slower than scalar. i32x4.trunc_sat_f32x4 is exact for every in-range
    # value (out of range, float->int is undefined behaviour in C++ anyway).
    ("arch/SSE/TypeCasting.h",
     "  return _mm_cvttps_epi32(a);\n",
     "#ifdef __EMSCRIPTEN__\n"
     "  return (Packet4i)wasm_i32x4_trunc_sat_f32x4((v128_t)a);\n"
     "#else\n"
     "  return _mm_cvttps_epi32(a);\n"
     "#endif\n",
     1),  # pcast<Packet4f, Packet4i>
    # Correctness and speed: with EIGEN_FAST_MATH (Eigen's default; not -ffast-math) the
    # SSE psqrt/prsqrt use _mm_rsqrt_ps + one Newton step: not correctly rounded, denormals
    # flushed. Emscripten emulates _mm_rsqrt_ps as 1/sqrt anyway, so the "fast" version is
    # slower. Take Eigen's exact branch (f32x4.sqrt, = std::sqrt bit for bit).
    ("arch/SSE/MathFunctions.h",
     "\n#if EIGEN_FAST_MATH\n",
     "\n#if EIGEN_FAST_MATH && !defined(__EMSCRIPTEN__)\n",
     2),  # psqrt<Packet4f>, prsqrt<Packet4f>
]
for rel, old, new, expected in edits:
    path = core / rel
    text = path.read_text()
    n = text.count(old)
    if n != expected:
        sys.exit(f"prepare-eigen: {rel}: expected {expected} x {old.strip()!r}, found {n}; "
                 "this Eigen differs from 3.4.0: review the guards")
    path.write_text(text.replace(old, new))
# Afterwards no x86 asm may remain reachable on the SSE path without an Emscripten guard.
text = (core / "arch/SSE/PacketMath.h").read_text()
if text.count("!defined(__EMSCRIPTEN__)") != 4:
    sys.exit("prepare-eigen: guard count check failed in arch/SSE/PacketMath.h")
print("prepare-eigen: 6 asm guards applied (PacketMath.h x4, GeneralBlockPanelKernel.h x2)"
      " + TypeCasting.h pcast<Packet4f,Packet4i> via i32x4.trunc_sat_f32x4"
      " + MathFunctions.h exact psqrt/prsqrt")
PY

rm -rf "$DEST/Eigen" "$DEST/unsupported" "$DEST/nlohmann" "$DEST/mmintrin.h"
mv "$STAGE/Eigen" "$DEST/Eigen"
[[ -d $STAGE/unsupported ]] && mv "$STAGE/unsupported" "$DEST/unsupported"
mv "$STAGE/nlohmann" "$DEST/nlohmann"
mv "$STAGE/mmintrin.h" "$DEST/mmintrin.h"
printf '%s\n' "$want" >"$STAMP"
echo "prepare-eigen: wrote $DEST (Eigen$([[ $need_unsupported == 1 ]] && echo ' + unsupported'), nlohmann, mmintrin.h)"
