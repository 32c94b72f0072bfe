#pragma once
// Reference AdaGrad-Norm, from "AdaGrad stepsizes: Sharp convergence over nonconvex landscapes"
// (Ward, Wu, Bottou, 2019), Algorithm 1: b_{j+1}^2 = b_j^2 + |G(x_j)|^2,
// x_{j+1} = x_j - eta G(x_j) / b_{j+1}.
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class AdagradNorm final : public zoo::ReferenceOptimizer {
 public:
  explicit AdagradNorm(double b0) : b2_(b0 * b0) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const Vector g = gradient(oracle, p);
    for (double x : g) b2_ += x * x;
    const double b = std::sqrt(b2_);
    for (std::size_t i = 0; i < g.size(); ++i) p[i] = static_cast<float>(p[i] - lr * g[i] / b);
  }

 private:
  double b2_;
};

}  // namespace descent::reference::stab
