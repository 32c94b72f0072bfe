#pragma once
// Reference optimistic AMSGrad, from "An Optimistic Acceleration of AMSGrad for Nonconvex
// Optimization" (Wang, Li, Zhou, Li, 2019/2021), Algorithm 2, unconstrained, with the guess
// m_{t+1} = g_t of the next gradient:
//   theta_t = b1 theta_{t-1} + (1 - b1) g_t,   g_t = grad f(w_t)
//   v_t = b2 v_{t-1} + (1 - b2) g_t^2,   vhat_t = max(vhat_{t-1}, v_t),   v_0 = vhat_0 = eps
//   w_{t+1/2} = w_{t-1/2} - lr theta_t / sqrt(vhat_t),   w_{1/2} = w_1
//   w_{t+1} = w_{t+1/2} - lr h_{t+1} / sqrt(vhat_t),   h_{t+1} = b1 theta_{t-1} + (1 - b1) m_{t+1}
// The state is kept in double; p holds w_t.
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class OptimisticAmsgrad final : public zoo::ReferenceOptimizer {
 public:
  OptimisticAmsgrad(double b1, double b2, double eps) : b1_(b1), b2_(b2), eps_(eps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const std::vector<double> g = gradient(oracle, p);
    if (half_.empty()) {
      half_.assign(p.begin(), p.end());
      theta_.assign(p.size(), 0.0);
      v_.assign(p.size(), eps_);
      vhat_ = v_;
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double theta_prev = theta_[i];
      theta_[i] = b1_ * theta_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      vhat_[i] = std::max(vhat_[i], v_[i]);
      half_[i] -= lr * theta_[i] / std::sqrt(vhat_[i]);
      const double h = b1_ * theta_prev + (1 - b1_) * g[i];  // guess m_{t+1} = g_t
      p[i] = static_cast<float>(half_[i] - lr * h / std::sqrt(vhat_[i]));
    }
  }

 private:
  double b1_, b2_, eps_;
  std::vector<double> half_, theta_, v_, vhat_;
};

}  // namespace descent::reference
