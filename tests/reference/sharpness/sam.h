#pragma once
// Reference SAM and gradient-norm regularisation, plain loops.
// SAM: "Sharpness-Aware Minimization for Efficiently Improving Generalization" (Foret et al.,
// 2021), Algorithm 1 with p = 2: e = rho g / ||g||_2, g_SAM = grad L(w + e), then the base
// optimizer (here SGD with heavy-ball momentum, PyTorch convention: buf_1 = g, buf_t =
// momentum buf_{t-1} + g; w <- w - lr buf).
// GNR: "Penalizing Gradient Norm for Efficiently Improving Generalization in Deep Learning"
// (Zhao, Zhang, Hu, 2022), Algorithm 1: g = (1 - alpha) g1 + alpha grad L(w + r g1/||g1||).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::sharpness {

class Sam final : public zoo::ReferenceOptimizer {
 public:
  // alpha = 1: SAM; otherwise GNR with r = rho.
  Sam(double rho, double alpha, double momentum) : rho_(rho), alpha_(alpha), mu_(momentum) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g1, g2;
    oracle.loss_and_grad(p, g1);
    double norm = 0;
    for (float v : g1) norm += static_cast<double>(v) * v;
    norm = std::sqrt(norm);
    zoo::Params q(p.size());
    for (std::size_t i = 0; i < p.size(); ++i)
      q[i] = static_cast<float>(p[i] + (norm > 0 ? rho_ / norm : 0.0) * g1[i]);
    oracle.loss_and_grad(q, g2);
    if (buf_.empty()) buf_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      double g = (1 - alpha_) * g1[i] + alpha_ * g2[i];
      buf_[i] = t == 1 ? g : mu_ * buf_[i] + g;
      p[i] = static_cast<float>(p[i] - lr * buf_[i]);
    }
  }

 private:
  double rho_, alpha_, mu_;
  std::vector<double> buf_;
};

}  // namespace descent::reference::sharpness
