#pragma once
// Reference SPS_max, from "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for
// Fast Convergence" (Loizou, Vaswani, Laradji, Lacoste-Julien, 2021):
//   gamma = min((f - f*) / (c ||g||^2), gamma_b),  x <- x - lr gamma g
// (lr the run's multiplier, 1 by default; a negative gap gives a zero step).
#include <algorithm>
#include <cmath>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Polyak final : public zoo::ReferenceOptimizer {
 public:
  Polyak(double c, double gamma_b, double f_star) : c_(c), gamma_b_(gamma_b), f_star_(f_star) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    const double f = oracle.loss_and_grad(p, g);
    double g2 = 0;
    for (float v : g) g2 += static_cast<double>(v) * v;
    const double gamma = g2 > 0 ? std::min(std::max(0.0, f - f_star_) / (c_ * g2), gamma_b_) : 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] - lr * gamma * g[i]);
  }

 private:
  double c_, gamma_b_, f_star_;
};

}  // namespace descent::reference
