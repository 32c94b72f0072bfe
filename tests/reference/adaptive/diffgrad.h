#pragma once
// Reference diffGrad, from "diffGrad: An Optimization Method for Convolutional Neural
// Networks" (Dubey et al., 2019), Algorithm 1 (eqs. for the friction coefficient
// xi_t = AbsSig(g_{t-1} - g_t) = 1 / (1 + exp(-|g_{t-1} - g_t|)), g_0 = 0), with the step size
// of the authors' code: theta -= lr sqrt(1 - b2^t) / (1 - b1^t) xi m / (sqrt(v) + eps).
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class DiffGrad final : public zoo::ReferenceOptimizer {
 public:
  DiffGrad(double b1, double b2, double eps) : b1_(b1), b2_(b2), eps_(eps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_ = m_, prev_ = m_;
    const double alpha = lr * std::sqrt(1 - std::pow(b2_, t)) / (1 - std::pow(b1_, t));
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double xi = 1 / (1 + std::exp(-std::abs(prev_[i] - g[i])));
      prev_[i] = g[i];
      p[i] = static_cast<float>(p[i] - alpha * xi * m_[i] / (std::sqrt(v_[i]) + eps_));
    }
  }

 private:
  double b1_, b2_, eps_;
  std::vector<double> m_, v_, prev_;
};

}  // namespace descent::reference
