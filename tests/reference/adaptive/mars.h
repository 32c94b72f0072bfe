#pragma once
// Reference MARS-AdamW, from "MARS: Unleashing the Power of Variance Reduction for Training
// Large Models" (Yuan et al., 2024), Algorithm 2 (approximate: the previous step's gradient
// stands in for the gradient at the previous point on the current batch), per tensor:
// c = g + gamma b1/(1-b1) (g - g_prev) (g_prev = 0 at first), c /= ||c|| if ||c|| > 1,
// m = b1 m + (1-b1) c, v = b2 v + (1-b2) c^2, theta -= lr (m_hat / (sqrt(v_hat) + eps) + wd theta)
// where m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class Mars final : public zoo::ReferenceOptimizer {
 public:
  Mars(double b1, double b2, double eps, double gamma, double wd = 0.0)
      : b1_(b1), b2_(b2), eps_(eps), gamma_(gamma), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) {
      m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0), prev_.assign(p.size(), 0.0);
    }
    std::vector<double> c(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      c[i] = g[i] + gamma_ * b1_ / (1 - b1_) * (g[i] - prev_[i]);
    }
    for (const Block& b : blocks_of(oracle, p.size())) {
      double sq = 0;
      for (int i = b.offset; i < b.offset + b.rows * b.cols; ++i) sq += c[i] * c[i];
      const double norm = std::sqrt(sq);
      if (norm > 1) {
        for (int i = b.offset; i < b.offset + b.rows * b.cols; ++i) c[i] /= norm;
      }
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * c[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * c[i] * c[i];
      const double m_hat = m_[i] / (1 - std::pow(b1_, t));
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      p[i] = static_cast<float>(p[i] - lr * (m_hat / (std::sqrt(v_hat) + eps_) + wd_ * p[i]));
    }
    prev_ = g;
  }

 private:
  double b1_, b2_, eps_, gamma_, wd_;
  std::vector<double> m_, v_, prev_;
};

}  // namespace descent::reference
