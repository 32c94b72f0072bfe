#pragma once
// Reference low-precision rounding (round_gradients, round_weights), from the format
// definitions: bfloat16 (8 significant bits, float32 exponent range; "Mixed Precision
// Training", Micikevicius et al., 2018, for the training recipe), E4M3 of "FP8 Formats for Deep
// Learning" (Micikevicius et al., 2022, Table 1: bias 7, max 448, subnormals down to 2^-9, no
// infinities; per-tensor scaling so that amax maps to 448), and symmetric int8 and int4 (levels
// k amax / 127 and k amax / 7). Round to nearest, ties to even.
//
// Rounding is discontinuous, so a lockstep comparison must round the very same float32 values
// on both sides: this reference therefore runs plain SGD in float32 with the same operation
// order as the core (u = float(-lr) g; next = p + u; u = Q(next) - p; p = p + u), and finds
// the nearest level by its own method (frexp spacing for bf16, a table of all E4M3 codes).
#include <algorithm>
#include <cmath>
#include <string>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline float ref_bf16(float x) {
  if (!std::isfinite(x) || x == 0.0f) return x;
  int e;
  std::frexp(static_cast<double>(std::fabs(x)), &e);  // |x| in [2^(e-1), 2^e)
  const double spacing = std::ldexp(1.0, e - 1 - 7);  // 7 stored mantissa bits
  const double q = std::nearbyint(std::fabs(x) / spacing) * spacing;
  return static_cast<float>(x < 0 ? -q : q);
}

// All non-negative finite E4M3 values, by code (0..126; 127 is NaN).
inline double e4m3_value(int code) {
  const int e = code >> 3, m = code & 7;
  return e == 0 ? m * std::ldexp(1.0, -9) : std::ldexp(1.0 + m / 8.0, e - 7);
}

inline float ref_e4m3(float y) {
  const double a = std::fabs(static_cast<double>(y));
  double q;
  if (a >= 448.0) {
    q = 448.0;
  } else {
    int lo = 0;
    while (lo + 1 <= 126 && e4m3_value(lo + 1) <= a) ++lo;
    const double dl = a - e4m3_value(lo), dh = e4m3_value(lo + 1) - a;
    const int code = dl < dh ? lo : dh < dl ? lo + 1 : (lo % 2 == 0 ? lo : lo + 1);
    q = e4m3_value(code);
  }
  return static_cast<float>(y < 0 ? -q : q);
}

inline void ref_round_tensor(zoo::Params& x, const Index& idx, const std::string& format) {
  if (format == "bf16") {
    for (int i : idx) x[i] = ref_bf16(x[i]);
    return;
  }
  float amax = 0;
  for (int i : idx) amax = std::max(amax, std::fabs(x[i]));
  if (!(amax > 0)) return;
  if (format == "fp8_e4m3") {
    const float scale = 448.0f / amax;
    for (int i : idx) x[i] = ref_e4m3(x[i] * scale) / scale;
  } else {  // int8 or int4
    const float top = format == "int4" ? 7.0f : 127.0f;
    const float step = amax / top;
    for (int i : idx) {
      const float k = std::min(std::max(std::nearbyint(x[i] / step), -top), top);
      x[i] = k * step;
    }
  }
}

class RoundedSgd final : public zoo::ReferenceOptimizer {
 public:
  RoundedSgd(std::string grad_format, std::string weight_format)
      : grad_format_(std::move(grad_format)), weight_format_(std::move(weight_format)) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    const auto ts = tensors_of(oracle, static_cast<int>(p.size()));
    if (!grad_format_.empty()) {
      for (const auto& t : ts) ref_round_tensor(g, all_of(t), grad_format_);
    }
    const auto scale = static_cast<float>(-lr);
    zoo::Params u(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) u[i] = scale * g[i];
    if (!weight_format_.empty()) {
      zoo::Params next(p.size());
      for (std::size_t i = 0; i < p.size(); ++i) next[i] = p[i] + u[i];
      for (const auto& t : ts) ref_round_tensor(next, all_of(t), weight_format_);
      for (std::size_t i = 0; i < p.size(); ++i) u[i] = next[i] - p[i];
    }
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = p[i] + u[i];
  }

 private:
  std::string grad_format_, weight_format_;
};

}  // namespace descent::reference::stab
