#pragma once
// Reference Adan, from "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep
// Models" (Xie et al., 2022), Algorithm 1 in the paper's notation, with its betas written as
// 1 - (the catalog's betas): m = (1-a1) m + a1 g, v = (1-a2) v + a2 (g - g_prev),
// n = (1-a3) n + a3 (g + (1-a2)(g - g_prev))^2, bias-corrected, and the proximal step
// theta = (theta - lr (m_hat + (1-a2) v_hat) / (sqrt(n_hat) + eps)) / (1 + lr wd).
// g_prev = g on the first step.
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class Adan final : public zoo::ReferenceOptimizer {
 public:
  // b1, b2, b3 as in the catalog (weights of the old averages).
  Adan(double b1, double b2, double b3, double eps, double wd = 0.0, bool no_prox = false)
      : a1_(1 - b1), a2_(1 - b2), a3_(1 - b3), eps_(eps), wd_(wd), no_prox_(no_prox) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) {
      m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0), n_.assign(p.size(), 0.0);
      prev_ = g;
    }
    const double c1 = 1 - std::pow(1 - a1_, t), c2 = 1 - std::pow(1 - a2_, t),
                 c3 = 1 - std::pow(1 - a3_, t);
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double diff = g[i] - prev_[i];
      m_[i] = (1 - a1_) * m_[i] + a1_ * g[i];
      v_[i] = (1 - a2_) * v_[i] + a2_ * diff;
      const double look = g[i] + (1 - a2_) * diff;
      n_[i] = (1 - a3_) * n_[i] + a3_ * look * look;
      const double u = (m_[i] / c1 + (1 - a2_) * v_[i] / c2) / (std::sqrt(n_[i] / c3) + eps_);
      const double next =
          no_prox_ ? p[i] * (1 - lr * wd_) - lr * u : (p[i] - lr * u) / (1 + lr * wd_);
      p[i] = static_cast<float>(next);
    }
    prev_ = g;
  }

 private:
  double a1_, a2_, a3_, eps_, wd_;
  bool no_prox_;
  std::vector<double> m_, v_, n_, prev_;
};

}  // namespace descent::reference
