#pragma once
// Reference SANIA AdaGrad-SQR / Adam-SQR, from "SANIA: Polyak-type Optimization Framework
// Leads to Scale Invariant Stochastic Algorithms" (Abdukhakimov et al., 2023) and the
// authors' PyTorch code (SANIA_AdagradSQR, SANIA_AdamSQR):
//   B = max(eps, sum g^2)  or  max(eps, v / (1 - beta2^t)) with v <- beta2 v + (1-beta2) g^2
//   s = sum g^2 / B;  step = 1 - sqrt(1 - 2 f / s) if 2 f <= s, else 1;  x <- x - lr step g / B
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Sania final : public zoo::ReferenceOptimizer {
 public:
  // adam = false: AdaGrad-SQR (beta2 unused).
  Sania(bool adam, double beta2, double eps) : adam_(adam), beta2_(beta2), eps_(eps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    const double f = std::max(0.0, oracle.loss_and_grad(p, g));
    if (acc_.empty()) acc_.assign(p.size(), 0.0);
    std::vector<double> b(p.size());
    double s = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double gi = g[i];
      if (adam_) {
        acc_[i] = beta2_ * acc_[i] + (1 - beta2_) * gi * gi;
        b[i] = std::max(eps_, acc_[i] / (1 - std::pow(beta2_, t)));
      } else {
        acc_[i] += gi * gi;
        b[i] = std::max(eps_, acc_[i]);
      }
      s += gi * gi / b[i];
    }
    double step = 1.0;
    if (s > 0 && 2 * f <= s) step = 1 - std::sqrt(std::max(0.0, 1 - 2 * f / s));
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] = static_cast<float>(p[i] - lr * step * g[i] / b[i]);
    }
  }

 private:
  bool adam_;
  double beta2_, eps_;
  std::vector<double> acc_;
};

}  // namespace descent::reference
