#pragma once
// Reference PNM, from "Positive-Negative Momentum: Manipulating Stochastic Gradient Noise to
// Improve Generalization" (Xie, Yuan, Zhu, Sugiyama, 2021), Algorithm 1 (PNM): at step t the
// buffer of t's parity is updated, m_t = beta1^2 m_{t-2} + (1 - beta1^2) g_t, and
//   theta_t = theta_{t-1} - lr ((1 + beta0) m_t - beta0 m_{t-1}) / sqrt((1 + beta0)^2 + beta0^2),
// with decoupled weight decay theta <- theta - lr wd theta_{t-1}.
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class Pnm final : public zoo::ReferenceOptimizer {
 public:
  Pnm(double beta1, double beta0, double wd) : b1_(beta1), b0_(beta0), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const Vector g = gradient(oracle, p);
    if (odd_.empty()) odd_.assign(g.size(), 0.0), even_.assign(g.size(), 0.0);
    Vector& pos = t % 2 == 1 ? odd_ : even_;
    const Vector& neg = t % 2 == 1 ? even_ : odd_;
    const double norm = std::sqrt((1 + b0_) * (1 + b0_) + b0_ * b0_);
    for (std::size_t i = 0; i < g.size(); ++i) {
      pos[i] = b1_ * b1_ * pos[i] + (1 - b1_ * b1_) * g[i];
      const double d = ((1 + b0_) * pos[i] - b0_ * neg[i]) / norm;
      p[i] = static_cast<float>(p[i] - lr * d - lr * wd_ * p[i]);
    }
  }

 private:
  double b1_, b0_, wd_;
  Vector odd_, even_;
};

}  // namespace descent::reference::stab
