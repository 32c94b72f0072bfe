#pragma once
// Low-precision emulation: rounding float32 values to the levels of narrower number formats,
// for the round_gradients / round_weights transforms and the state_format of SPAM and
// Stable-SPAM.
//   bf16      1 sign, 8 exponent, 7 mantissa bits: float32 with the low 16 bits cut; same range
//             as float32, so no scaling ("Mixed Precision Training", Micikevicius et al., 2018,
//             for the recipe; bfloat16 as in Kalamkar et al., 2019).
//   fp16      IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits; largest
//             finite 65504 (larger values round to infinity), smallest normal 2^-14, subnormal
//             spacing 2^-24 (smaller magnitudes flush to zero). Not scaled: its narrow range is
//             the point (Adam's second moment underflows in it).
//   fp8_e4m3  1 sign, 4 exponent (bias 7), 3 mantissa bits, the "E4M3" of "FP8 Formats for Deep
//             Learning" (Micikevicius et al., 2022): largest finite 448, smallest normal 2^-6,
//             subnormal spacing 2^-9, no infinities. Values are scaled per tensor so that the
//             tensor's absolute maximum maps to 448 (the per-tensor scaling of that paper's
//             recipe), rounded, and scaled back; out-of-range values saturate to +-448.
//   int8      symmetric per-tensor quantisation: levels k * amax / 127, k in [-127, 127].
//   int4      the same with k in [-7, 7]: the 4-bit integer setting of Stable-SPAM's INT4
//             training (Huang et al., 2025), per tensor rather than per block.
// Rounding is to nearest, ties to even (deterministic), or stochastic: up with probability
// equal to the distance from the lower level over the spacing, using the run's optimizer
// stream (ctx.rng). Non-finite values are left as they are (the run then stops as diverged).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "core/rng.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace lowp {

enum class Format { Fp32, Bf16, Fp16, Fp8E4M3, Int8, Int4 };

inline Format parse_format(const std::string& name) {
  if (name == "bf16") return Format::Bf16;
  if (name == "fp16") return Format::Fp16;
  if (name == "fp8_e4m3") return Format::Fp8E4M3;
  if (name == "int8") return Format::Int8;
  if (name == "int4") return Format::Int4;
  return Format::Fp32;
}

constexpr float kE4M3Max = 448.0f;

// bfloat16 by integer arithmetic on the float32 bits: add half an ulp (of bf16) minus one,
// plus the lowest kept bit (so that ties go to even), then cut the low 16 bits. Stochastic:
// add 16 random bits instead, then cut.
inline float round_bf16(float x, bool stochastic = false, Rng* rng = nullptr) {
  if (!std::isfinite(x)) return x;
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  if (stochastic && rng != nullptr) {
    bits += rng->next_u32() & 0xFFFFu;
  } else {
    bits += 0x7FFFu + ((bits >> 16) & 1u);
  }
  bits &= 0xFFFF0000u;
  float y;
  std::memcpy(&y, &bits, sizeof y);
  return y;
}

constexpr float kFp16Max = 65504.0f;

// binary16 round-to-nearest-even (or stochastic): the level spacing is 2^(e-10) in binade
// [2^e, 2^(e+1)) for e >= -14, 2^-24 below (subnormals); beyond 65504 + half a spacing the
// value overflows to infinity, as a half-precision store would.
inline float round_fp16(float x, bool stochastic = false, Rng* rng = nullptr) {
  if (!std::isfinite(x) || x == 0.0f) return x;
  const float a = std::fabs(x);
  int e;
  std::frexp(a, &e);  // a = f 2^e with f in [0.5, 1): the binade is [2^(e-1), 2^e)
  const int binade = std::max(e - 1, -14);
  const float spacing = std::ldexp(1.0f, binade - 10);
  const float scaled = a / spacing;  // exact: spacing is a power of two
  float q;
  if (stochastic && rng != nullptr) {
    q = static_cast<float>(std::floor(static_cast<double>(scaled) + rng->uniform()));
  } else {
    q = std::nearbyint(scaled);
  }
  float r = q * spacing;
  if (r > kFp16Max) r = std::numeric_limits<float>::infinity();
  return x < 0 ? -r : r;
}

// Rounds |x| <= ~448 to the E4M3 grid (the level spacing is 2^(e-3) in binade [2^e, 2^(e+1)),
// 2^-9 below 2^-6), saturating at 448.
inline float round_e4m3(float x, bool stochastic = false, Rng* rng = nullptr) {
  if (!std::isfinite(x) || x == 0.0f) return x;
  const float a = std::fabs(x);
  int e;
  std::frexp(a, &e);  // a = f 2^e with f in [0.5, 1): the binade is [2^(e-1), 2^e)
  const int binade = std::max(e - 1, -6);
  const float spacing = std::ldexp(1.0f, binade - 3);
  const float scaled = a / spacing;  // exact: spacing is a power of two
  float q;
  if (stochastic && rng != nullptr) {
    q = static_cast<float>(std::floor(static_cast<double>(scaled) + rng->uniform()));
  } else {
    q = std::nearbyint(scaled);
  }
  const float r = std::min(q * spacing, kE4M3Max);
  return x < 0 ? -r : r;
}

inline float round_int(float y, bool stochastic, Rng* rng) {
  if (stochastic && rng != nullptr) {
    return static_cast<float>(std::floor(static_cast<double>(y) + rng->uniform()));
  }
  return std::nearbyint(y);
}

// Symmetric integer levels k * amax / top, k in [-top, top], amax the tensor's own.
template <class Segment>
void round_symmetric_int(Segment&& x, float top, bool stochastic, Rng* rng) {
  const float amax = x.cwiseAbs().maxCoeff();
  if (!(amax > 0.0f) || !std::isfinite(amax)) return;
  const float step = amax / top;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    x[i] = std::min(std::max(round_int(x[i] / step, stochastic, rng), -top), top) * step;
  }
}

// Rounds one tensor in place (the per-tensor scale of fp8_e4m3 and the integer formats is
// taken from it).
template <class Segment>
void round_tensor(Segment&& x, Format format, bool stochastic, Rng* rng) {
  const Eigen::Index n = x.size();
  if (n == 0) return;  // an unused slot (AMSGrad's maximum in plain Adam): no scale to take
  switch (format) {
    case Format::Fp32:
      return;
    case Format::Bf16:
      for (Eigen::Index i = 0; i < n; ++i) x[i] = round_bf16(x[i], stochastic, rng);
      return;
    case Format::Fp16:
      for (Eigen::Index i = 0; i < n; ++i) x[i] = round_fp16(x[i], stochastic, rng);
      return;
    case Format::Fp8E4M3: {
      const float amax = x.cwiseAbs().maxCoeff();
      if (!(amax > 0.0f) || !std::isfinite(amax)) return;
      const float scale = kE4M3Max / amax;
      for (Eigen::Index i = 0; i < n; ++i) {
        x[i] = round_e4m3(x[i] * scale, stochastic, rng) / scale;
      }
      return;
    }
    case Format::Int8:
      return round_symmetric_int(x, 127.0f, stochastic, rng);
    case Format::Int4:
      return round_symmetric_int(x, 7.0f, stochastic, rng);
  }
}

// Rounds every tensor of the layout (one tensor without a layout).
inline void round_tensors(VecRef x, Format format, bool stochastic, Rng* rng,
                          const StepContext& ctx) {
  if (format == Format::Fp32) return;
  stabilised::for_each_tensor(ctx, static_cast<int>(x.size()), [&](const TensorSlice& t) {
    round_tensor(x.segment(t.offset, t.size()), format, stochastic, rng);
  });
}

}  // namespace lowp
}  // namespace descent
