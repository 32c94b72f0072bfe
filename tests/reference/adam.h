#pragma once
// Reference Adam, written from "Adam: A Method for Stochastic Optimization" (Kingma, Ba,
// 2015), Algorithm 1, with eps outside the bias-corrected root as in PyTorch. Plain loops.
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Adam final : public zoo::ReferenceOptimizer {
 public:
  Adam(double beta1, double beta2, double eps) : b1_(beta1), b2_(beta2), eps_(eps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      double m_hat = m_[i] / (1 - std::pow(b1_, t));
      double v_hat = v_[i] / (1 - std::pow(b2_, t));
      p[i] = static_cast<float>(p[i] - lr * m_hat / (std::sqrt(v_hat) + eps_));
    }
  }

 private:
  double b1_, b2_, eps_;
  std::vector<double> m_, v_;
};

}  // namespace descent::reference
