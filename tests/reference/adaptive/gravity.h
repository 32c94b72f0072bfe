#pragma once
// Reference Gravity, from "Gravity Optimizer: a Kinematic Approach on Optimization in Deep
// Learning" (Bahrami, Zadeh, 2021), Algorithm 1: per tensor M = 1 / max|g|,
// zeta = g / (1 + (g / M)^2); beta_hat = (beta t + 1) / (t + 2) with t counted from 0;
// V = beta_hat V + (1 - beta_hat) zeta; theta -= lr V; V0 ~ N(0, (alpha / lr)^2).
//
// The initial velocity must use the same random numbers as the core, which draws it from the
// run's optimizer stream: tests/reference/pcg32.h re-implements that stream independently of
// the core: PCG32 XSH-RR ("PCG: A Family of Simple Fast Space-Efficient Statistically Good
// Algorithms for Random Number Generation", O'Neill, 2014) seeded as the project specifies (stream
// id = 4, the optimizer stream), uniform doubles from 27 + 26 bits and Box-Muller normals using the
// cosine first and the sine next.
#include <algorithm>
#include <cstdint>

#include "tests/reference/adaptive/common.h"
#include "tests/reference/pcg32.h"

namespace descent::reference {

class Gravity final : public zoo::ReferenceOptimizer {
 public:
  // seed: the run's seed (the harness uses 5).
  Gravity(double base_lr, double alpha, double beta, std::uint64_t seed)
      : base_lr_(base_lr), alpha_(alpha), beta_(beta), rng_(seed, 4) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (v_.empty()) {
      for (std::size_t i = 0; i < p.size(); ++i) v_.push_back(alpha_ / base_lr_ * rng_.normal());
    }
    const double k = t - 1;
    const double beta_hat = (beta_ * k + 1) / (k + 2);
    for (const Block& b : blocks_of(oracle, p.size())) {
      const int n = b.rows * b.cols;
      double max_abs = 0;
      for (int i = b.offset; i < b.offset + n; ++i) max_abs = std::max(max_abs, std::abs(g[i]));
      for (int i = b.offset; i < b.offset + n; ++i) {
        const double zeta = max_abs > 0 ? g[i] / (1 + std::pow(g[i] / (1 / max_abs), 2)) : 0.0;
        v_[i] = beta_hat * v_[i] + (1 - beta_hat) * zeta;
        p[i] = static_cast<float>(p[i] - lr * v_[i]);
      }
    }
  }

 private:
  double base_lr_, alpha_, beta_;
  Pcg32 rng_;
  std::vector<double> v_;
};

}  // namespace descent::reference
