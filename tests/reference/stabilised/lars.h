#pragma once
// Reference LARS, from "Large Batch Training of Convolutional Networks" (You, Gitman, Ginsburg,
// 2017), Algorithm 1, per layer l (weights and 2-D points; biases and gains use lambda = 1 and
// no weight decay, see the core's comment):
//   lambda_l = eta |w_l| / (|g_l| + beta |w_l|)   (1 when |w_l| = 0)
//   v_l = m v_l + gamma_t lambda_l (g_l + beta w_l);   w_l = w_l - v_l.
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class Lars final : public zoo::ReferenceOptimizer {
 public:
  Lars(double momentum, double wd, double eta) : m_(momentum), wd_(wd), eta_(eta) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const Vector g = gradient(oracle, p);
    if (v_.empty()) v_.assign(g.size(), 0.0);
    for (const auto& t : tensors_of(oracle, static_cast<int>(g.size()))) {
      const Index idx = all_of(t);
      double local = 1, wd = 0;
      if (!t.bias_or_gain) {
        wd = wd_;
        const double w = norm_over(p, idx), n = norm_over(g, idx);
        if (w > 0 && n + wd_ * w > 0) local = eta_ * w / (n + wd_ * w);
      }
      for (int i : idx) {
        v_[i] = m_ * v_[i] + lr * local * (g[i] + wd * p[i]);
      }
      for (int i : idx) p[i] = static_cast<float>(p[i] - v_[i]);
    }
  }

 private:
  double m_, wd_, eta_;
  Vector v_;
};

}  // namespace descent::reference::stab
