#pragma once
// Reference damped Newton for 2-D functions, plain loops: Levenberg (1944) damping,
// x <- x - lr (H + lambda I)^{-1} g, H from the oracle's exact Hessian-vector products with the
// unit vectors, solved by Cramer's rule; gradient step if the system is singular.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class DampedNewton final : public zoo::ReferenceOptimizer {
 public:
  explicit DampedNewton(double lambda) : lambda_(lambda) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g, c0, c1;
    oracle.loss_and_grad(p, g);
    oracle.hvp(p, {1.0f, 0.0f}, c0);
    oracle.hvp(p, {0.0f, 1.0f}, c1);
    double a = c0[0] + lambda_, b = 0.5 * (c1[0] + c0[1]), d = c1[1] + lambda_;
    double det = a * d - b * b;
    double s = std::max({std::abs(a), std::abs(b), std::abs(d), 1e-30});
    double step0, step1;
    if (std::abs(det) <= 1e-12 * s * s) {
      step0 = g[0];
      step1 = g[1];
    } else {
      step0 = (d * g[0] - b * g[1]) / det;
      step1 = (a * g[1] - b * g[0]) / det;
    }
    p[0] = static_cast<float>(p[0] - lr * step0);
    p[1] = static_cast<float>(p[1] - lr * step1);
  }

 private:
  double lambda_;
};

}  // namespace descent::reference::curvature
