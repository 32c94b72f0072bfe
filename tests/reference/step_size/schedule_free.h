#pragma once
// Reference Schedule-Free SGD and AdamW, from "The Road Less Scheduled" (Defazio et al.,
// 2024), Algorithm 1 (and its AdamW form, Algorithm 2 of the paper's appendix):
//   y_t = (1 - beta) z_t + beta x_t;   g = grad f(y_t)
//   AdamW: v = b2 v + (1-b2) g^2,  g <- g / (sqrt(v) + eps),  gamma_t = lr sqrt(1 - b2^t)
//   z_{t+1} = z_t - gamma_t (g + wd y_t)
//   c_{t+1} = gamma_max^p / sum_{i<=t} gamma_max,i^p   (r = 0: weights from the largest rate)
//   x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}
// The parameters handed back (and compared) are x, the evaluated point; gradients at y.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class ScheduleFree final : public zoo::ReferenceOptimizer {
 public:
  ScheduleFree(bool adam, double beta, double b2 = 0.999, double eps = 1e-8, double wd = 0.0,
               int warmup = 0, double power = 2.0)
      : adam_(adam), beta_(beta), b2_(b2), eps_(eps), wd_(wd), warmup_(warmup), power_(power) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t n = p.size();
    if (x_.empty()) {
      x_.assign(p.begin(), p.end());
      z_ = x_;
      v_.assign(n, 0.0);
    }
    zoo::Params y(n), g;
    for (std::size_t i = 0; i < n; ++i)
      y[i] = static_cast<float>((1 - beta_) * z_[i] + beta_ * x_[i]);
    oracle.loss_and_grad(y, g);
    double gamma = lr * (t <= warmup_ ? static_cast<double>(t) / warmup_ : 1.0);
    if (adam_) gamma *= std::sqrt(1 - std::pow(b2_, t));
    gamma_max_ = std::max(gamma_max_, gamma);
    const double w = std::pow(gamma_max_, power_);
    weight_sum_ += w;
    const double c = w / weight_sum_;
    for (std::size_t i = 0; i < n; ++i) {
      double d = g[i];
      if (adam_) {
        v_[i] = b2_ * v_[i] + (1 - b2_) * d * d;
        d /= std::sqrt(v_[i]) + eps_;
      }
      d += wd_ * y[i];
      z_[i] -= gamma * d;
      x_[i] = (1 - c) * x_[i] + c * z_[i];
      p[i] = static_cast<float>(x_[i]);
    }
  }

 private:
  bool adam_;
  double beta_, b2_, eps_, wd_;
  int warmup_;
  double power_;
  double gamma_max_ = 0, weight_sum_ = 0;
  std::vector<double> x_, z_, v_;
};

}  // namespace descent::reference
