#pragma once
// Reference flooding and perpGrad as pre stages in front of plain SGD (no momentum), plain
// loops.
// Flooding: "Do We Need Zero Training Loss After Achieving Zero Training Loss?" (Ishida et
// al., 2020), Eq. 1: the gradient of |L - b| + b is sign(L - b) grad L.
// perpGrad: "Grokking at the Edge of Numerical Stability" (Prieto et al., 2025), the ⊥Grad
// update: per tensor, g_perp = g - (w.g / w.w) w, rescaled to ||g|| (the authors' OrthoGrad).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::sharpness {

class FloodedSgd final : public zoo::ReferenceOptimizer {
 public:
  explicit FloodedSgd(double b) : b_(b) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    double loss = oracle.loss_and_grad(p, g);
    double sign = loss < b_ ? -1.0 : 1.0;
    if (sign < 0) ++ascents;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] - lr * sign * g[i]);
  }
  int ascents = 0;

 private:
  double b_;
};

class PerpGradSgd final : public zoo::ReferenceOptimizer {
 public:
  explicit PerpGradSgd(bool renormalize) : renormalize_(renormalize) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    std::vector<double> d(p.size());
    for (const auto& t : oracle.layout->tensors) {
      const int o = t.offset, n = t.rows * t.cols;
      double wg = 0, ww = 0, gg = 0;
      for (int i = o; i < o + n; ++i) {
        wg += static_cast<double>(p[i]) * g[i];
        ww += static_cast<double>(p[i]) * p[i];
        gg += static_cast<double>(g[i]) * g[i];
      }
      double pp = 0;
      for (int i = o; i < o + n; ++i) {
        d[i] = g[i] - wg / (ww + 1e-30) * p[i];
        pp += d[i] * d[i];
      }
      if (renormalize_)
        for (int i = o; i < o + n; ++i) d[i] *= std::sqrt(gg) / (std::sqrt(pp) + 1e-30);
    }
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] - lr * d[i]);
  }

 private:
  bool renormalize_;
};

}  // namespace descent::reference::sharpness
