#pragma once
// Reference Sophia-H, plain loops, from "Sophia: A Scalable Stochastic Second-order Optimizer
// for Language Model Pre-training" (Liu et al., 2023), Algorithm 3 with the Hutchinson
// estimator of Algorithm 1:
//   if t mod k = 1: u ~ N(0, I), h_hat = u .* (H u), h = beta2 h + (1 - beta2) h_hat
//   m = beta1 m + (1 - beta1) g
//   x <- x - lr wd x;   x <- x - lr clip(m / max(gamma h, eps), 1)
// State in double; the normals come from an independent PCG32 of the optimizer stream
// (tests/reference/pcg32.h), one per coordinate on refresh steps only.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::curvature {

class Sophia final : public zoo::ReferenceOptimizer {
 public:
  Sophia(double beta1, double beta2, double gamma, double eps, double wd, int k)
      : b1_(beta1), b2_(beta2), gamma_(gamma), eps_(eps), wd_(wd), k_(k) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t n = p.size();
    if (m_.empty()) {
      m_.assign(n, 0.0);
      h_.assign(n, 0.0);
    }
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (t % k_ == 1 % k_) {
      zoo::Params u(n), hu;
      for (std::size_t i = 0; i < n; ++i) u[i] = static_cast<float>(rng_.normal());
      oracle.hvp(p, u, hu);
      for (std::size_t i = 0; i < n; ++i)
        h_[i] = b2_ * h_[i] + (1 - b2_) * static_cast<double>(u[i]) * hu[i];
    }
    clipped_ = 0;
    for (std::size_t i = 0; i < n; ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      const double z = m_[i] / std::max(gamma_ * h_[i], eps_);
      if (std::abs(z) > 1) ++clipped_;
      p[i] = static_cast<float>(p[i] - lr * wd_ * p[i] - lr * std::clamp(z, -1.0, 1.0));
    }
  }
  int clipped() const { return clipped_; }

 private:
  double b1_, b2_, gamma_, eps_, wd_;
  int k_;
  int clipped_ = 0;
  std::vector<double> m_, h_;
  Pcg32 rng_{kZooSeed, 4};
};

}  // namespace descent::reference::curvature
