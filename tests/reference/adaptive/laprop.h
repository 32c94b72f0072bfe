#pragma once
// Reference LaProp, from "LaProp: Separating Momentum and Adaptivity in Adam" (Ziyin, Wang,
// Ueda, 2020), Algorithm 1: v = b2 v + (1-b2) g^2, m = b1 m + (1-b1) lr_t g / (sqrt(v_hat) + eps)
// with v_hat = v / (1 - b2^t), theta -= m / c_t, where c_t = sum_k (1-b1) b1^(t-k) lr_k / lr_t
// (the bias correction of a momentum of rate-scaled steps; 1 - b1^t at a constant rate);
// then theta -= wd theta. At lr_t = 0 the step is m / 1, as the authors' code.
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class LaProp final : public zoo::ReferenceOptimizer {
 public:
  LaProp(double b1, double b2, double eps, double wd = 0.0)
      : b1_(b1), b2_(b2), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0);
    rates_.push_back(lr);
    double c = 0;
    for (int k = 1; k <= t; ++k) c += (1 - b1_) * std::pow(b1_, t - k) * rates_[k - 1];
    c = lr != 0 ? c / lr : 1.0;  // at lr = 0 nothing is added to m: any c leaves x unchanged
    for (std::size_t i = 0; i < p.size(); ++i) {
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      m_[i] = b1_ * m_[i] + (1 - b1_) * lr * g[i] / (std::sqrt(v_hat) + eps_);
      double next = p[i] - m_[i] / c;
      next -= wd_ * next;
      p[i] = static_cast<float>(next);
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  std::vector<double> m_, v_, rates_;
};

}  // namespace descent::reference
