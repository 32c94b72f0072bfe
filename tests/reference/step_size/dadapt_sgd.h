#pragma once
// Reference D-Adapted SGD, from "Learning-Rate-Free Learning by D-Adaptation" (Defazio,
// Mishchenko, 2023), the dual-averaging form (Algorithm 1 with the momentum of Algorithm 2),
// lambda_k the run's rate and G = ||g_0|| (the first gradient, before decay):
//   g_k += wd x_k
//   r_{k+1} = r_k + (lambda_k d_k / G) <g_k, s_k>,   s_{k+1} = s_k + (lambda_k d_k / G) g_k
//   d_{k+1} = max(d_k, 2 r_{k+1} / ||s_{k+1}||)
//   x_{k+1} = momentum x_k + (1 - momentum) (x_0 - s_{k+1})
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class DAdaptSgd final : public zoo::ReferenceOptimizer {
 public:
  DAdaptSgd(double momentum, double d0, double wd = 0.0) : momentum_(momentum), d_(d0), wd_(wd) {}
  double d() const { return d_; }
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params gf;
    oracle.loss_and_grad(p, gf);
    const std::size_t n = p.size();
    if (s_.empty()) {
      s_.assign(n, 0.0);
      x0_.assign(p.begin(), p.end());
      double sq = 0;
      for (float g : gf) sq += static_cast<double>(g) * g;
      g0_ = std::sqrt(sq);
    }
    const double dlr = d_ * lr / g0_;
    double inner = 0, s_sq = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double g = gf[i] + wd_ * p[i];
      inner += g * s_[i];
      s_[i] += dlr * g;
      s_sq += s_[i] * s_[i];
    }
    r_ += dlr * inner;
    d_ = std::max(d_, 2 * r_ / std::sqrt(s_sq));
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = static_cast<float>(momentum_ * p[i] + (1 - momentum_) * (x0_[i] - s_[i]));
    }
  }

 private:
  double momentum_, d_, wd_;
  double r_ = 0, g0_ = 0;
  std::vector<double> s_, x0_;
};

}  // namespace descent::reference
