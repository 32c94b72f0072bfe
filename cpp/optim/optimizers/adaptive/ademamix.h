#pragma once
// The warm-up schedulers of AdEMAMix ("The AdEMAMix Optimizer: Better, Faster, Older",
// Pagliardini, Ablin, Grangier, 2024, Section 3, "Schedulers on alpha and beta3"), over
// T = t_alpha_beta3 steps (T = 0: no warm-up). t is the 1-based step.
//   alpha(t) = min(t alpha / T, alpha)
//   beta3(t) = min(exp(ln(b_start) ln(beta3) / ((1 - t/T) ln(beta3) + (t/T) ln(b_start))), beta3)
// with b_start = beta1: the half-life of the slow EMA grows linearly from beta1's to beta3's.
#include <algorithm>
#include <cmath>

namespace descent::ademamix {

inline double alpha_at(int t, double alpha, int warmup) {
  if (warmup <= 0 || t >= warmup) return alpha;
  return alpha * t / warmup;
}

inline double beta3_at(int t, double beta_start, double beta3, int warmup) {
  if (warmup <= 0 || t >= warmup || beta_start <= 0) return beta3;
  const double a = static_cast<double>(t) / warmup;
  const double ls = std::log(beta_start), l3 = std::log(beta3);
  return std::min(std::exp(ls * l3 / ((1 - a) * l3 + a * ls)), beta3);
}

}  // namespace descent::ademamix
