#pragma once
// Reference SGD step followed by the Ghosts-of-Softmax step controller ("Ghosts of Softmax:
// Complex Singularities That Limit Safe Step Sizes in Cross-Entropy", 2026): u = -lr g;
// a = J u (logit directional derivatives, forward mode on a plain MLP); Delta_a = max over
// samples of max_k a_k - min_k a_k; rho_a = pi / Delta_a; the step tau = 1 is capped to
// max_ratio rho_a, u <- u min(1, max_ratio pi / Delta_a).
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/mlp_jvp.h"

namespace descent::reference::curvature {

// Delta_a of the logit directional derivatives dz (out x batch, column-major).
inline double logit_spread(const std::vector<double>& dz, int out, int batch) {
  double spread = 0;
  for (int j = 0; j < batch; ++j) {
    double hi = dz[j * out], lo = dz[j * out];
    for (int k = 1; k < out; ++k) {
      hi = std::max(hi, dz[j * out + k]);
      lo = std::min(lo, dz[j * out + k]);
    }
    spread = std::max(spread, out == 1 ? std::abs(dz[j]) : hi - lo);
  }
  return spread;
}

class GhostsSgd final : public zoo::ReferenceOptimizer {
 public:
  GhostsSgd(TanhMlp net, double max_ratio) : net_(std::move(net)), max_ratio_(max_ratio) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    zoo::Params u(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) u[i] = static_cast<float>(-lr * g[i]);
    std::vector<double> z, dz;
    net_.jvp(p, u, z, dz);
    const double spread = logit_spread(dz, net_.widths.back(), net_.batch);
    const double limit = max_ratio_ * 3.14159265358979323846;
    const double scale = spread > limit ? limit / spread : 1.0;
    if (scale < 1) ++capped;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] + u[i] * scale);
  }
  int capped = 0;  // steps where the controller shortened the step

 private:
  TanhMlp net_;
  double max_ratio_;
};

}  // namespace descent::reference::curvature
