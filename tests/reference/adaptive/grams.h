#pragma once
// Reference Grams and C-AdamW. Grams from "Grams: Gradient Descent with Adaptive Momentum
// Scaling" (Cao, Li, Song, 2024), Algorithm 1: u = m_hat / (sqrt(v_hat) + eps),
// theta -= lr (sign(g) |u| + wd theta). C-AdamW from "Cautious Optimizers" (Liang et al.,
// 2024), Algorithm 2: the AdamW direction u masked by u g > 0 and rescaled per tensor by
// size / kept, then theta -= lr (u + wd theta).
#include "tests/reference/adaptive/lion.h"

namespace descent::reference {

class AdamDirection final : public zoo::ReferenceOptimizer {
 public:
  enum class Kind { Grams, CautiousAdamW };
  AdamDirection(Kind kind, double b1, double b2, double eps, double wd)
      : kind_(kind), b1_(b1), b2_(b2), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_ = m_;
    std::vector<double> u(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      u[i] = (m_[i] / (1 - std::pow(b1_, t))) / (std::sqrt(v_[i] / (1 - std::pow(b2_, t))) + eps_);
      if (kind_ == Kind::Grams) u[i] = sgn(g[i]) * std::abs(u[i]);
    }
    if (kind_ == Kind::CautiousAdamW) cautious_mask(u, g, blocks_of(oracle, p.size()));
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] = static_cast<float>(p[i] - lr * (u[i] + wd_ * p[i]));
    }
  }

 private:
  Kind kind_;
  double b1_, b2_, eps_, wd_;
  std::vector<double> m_, v_;
};

}  // namespace descent::reference
