#pragma once
// Reference lazy-Hessian cubic Newton for 2-D functions, from "Second-order optimization with
// lazy Hessians" (Doikov, Chayti, Jaggi, 2023), Algorithm 1: the Hessian is taken at steps
// 1, 1 + m, 1 + 2m, ... and the step minimises <g, h> + 1/2 h^T H h + M/6 ||h||^3, whose
// minimiser satisfies (H + (M r / 2) I) h = -g, r = ||h||, H + (M r / 2) I >= 0 (Nesterov,
// Polyak, "Cubic regularization of Newton method and its global performance", 2006, Sec. 5).
// Solved here without an eigendecomposition: lambda_min of the 2 x 2 H in closed form, then
// bisection on r for ||(H + (M r/2) I)^{-1} g|| = r with the explicit 2 x 2 inverse. (The test
// problems avoid the hard case.) x <- x + lr h. Double throughout.
#include <cmath>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class LazyNewton final : public zoo::ReferenceOptimizer {
 public:
  LazyNewton(double m, int period) : m_(m), period_(period) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if ((t - 1) % period_ == 0) {
      zoo::Params e0 = {1, 0}, e1 = {0, 1}, c0, c1;
      oracle.hvp(p, e0, c0);
      oracle.hvp(p, e1, c1);
      a_ = c0[0];
      d_ = c1[1];
      b_ = 0.5 * (static_cast<double>(c0[1]) + c1[0]);
      ++hessians;
    }
    const double lmin = 0.5 * (a_ + d_) - std::sqrt(0.25 * (a_ - d_) * (a_ - d_) + b_ * b_);
    const double r0 = std::max(0.0, -2 * lmin / m_);
    double h0 = 0, h1 = 0;
    const auto solve = [&](double r) {
      const double s = 0.5 * m_ * r;
      const double aa = a_ + s, dd = d_ + s, det = aa * dd - b_ * b_;
      h0 = -(dd * g[0] - b_ * g[1]) / det;
      h1 = -(aa * g[1] - b_ * g[0]) / det;
      return std::sqrt(h0 * h0 + h1 * h1);
    };
    double lo = r0 * (1 + 1e-12) + 1e-300, hi = std::max(2 * lo, 1e-12);
    while (solve(hi) > hi) hi *= 2;
    for (int it = 0; it < 400 && hi - lo > 1e-15 * hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      (solve(mid) > mid ? lo : hi) = mid;
    }
    solve(0.5 * (lo + hi));
    p[0] = static_cast<float>(p[0] + lr * h0);
    p[1] = static_cast<float>(p[1] + lr * h1);
  }
  int hessians = 0;

 private:
  double m_;
  int period_;
  double a_ = 0, b_ = 0, d_ = 0;
};

}  // namespace descent::reference::curvature
