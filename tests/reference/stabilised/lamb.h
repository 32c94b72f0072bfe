#pragma once
// Reference LAMB, from "Large Batch Optimization for Deep Learning: Training BERT in 76
// minutes" (You et al., 2020), Algorithm 2 with phi the identity, per layer l (weights and 2-D
// points; biases and gains: ratio 1 and no decay):
//   m, v, m_hat, v_hat as Adam; r = m_hat / (sqrt(v_hat) + eps)
//   x_l <- x_l - lr |x_l| / |r_l + lambda x_l| (r_l + lambda x_l).
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class Lamb final : public zoo::ReferenceOptimizer {
 public:
  Lamb(double b1, double b2, double eps, double wd) : b1_(b1), b2_(b2), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const Vector g = gradient(oracle, p);
    if (m_.empty()) m_.assign(g.size(), 0.0), v_.assign(g.size(), 0.0);
    Vector r(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      r[i] = (m_[i] / (1 - std::pow(b1_, t))) / (std::sqrt(v_[i] / (1 - std::pow(b2_, t))) + eps_);
    }
    for (const auto& ts : tensors_of(oracle, static_cast<int>(g.size()))) {
      const Index idx = all_of(ts);
      double ratio = 1, wd = 0;
      if (!ts.bias_or_gain) {
        wd = wd_;
        for (int i : idx) r[i] += wd * p[i];
        const double w = norm_over(p, idx), n = norm_over(r, idx);
        if (w > 0 && n > 0) ratio = w / n;
      }
      for (int i : idx) p[i] = static_cast<float>(p[i] - lr * ratio * r[i]);
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  Vector m_, v_;
};

}  // namespace descent::reference::stab
