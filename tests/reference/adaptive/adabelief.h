#pragma once
// Reference AdaBelief, from "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
// Observed Gradients" (Zhuang et al., 2020), Algorithm 2: s_t = b2 s + (1-b2)(g - m_t)^2 + eps,
// s_hat = s_t / (1 - b2^t), theta -= lr m_hat / (sqrt(s_hat) + eps); decoupled decay
// theta -= lr wd theta (the official weight_decouple), or L2 added to g.
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class AdaBelief final : public zoo::ReferenceOptimizer {
 public:
  AdaBelief(double b1, double b2, double eps, double wd, bool decouple)
      : b1_(b1), b2_(b2), eps_(eps), wd_(wd), decouple_(decouple) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0), s_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!decouple_) g[i] += wd_ * p[i];
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      const double r = g[i] - m_[i];
      s_[i] = b2_ * s_[i] + (1 - b2_) * r * r + eps_;
      const double m_hat = m_[i] / (1 - std::pow(b1_, t));
      const double s_hat = s_[i] / (1 - std::pow(b2_, t));
      double next = p[i] - lr * m_hat / (std::sqrt(s_hat) + eps_);
      if (decouple_) next -= lr * wd_ * p[i];
      p[i] = static_cast<float>(next);
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  bool decouple_;
  std::vector<double> m_, s_;
};

}  // namespace descent::reference
