#pragma once
// Reference OASIS, plain loops, from "Doubly Adaptive Scaled Algorithm for Machine Learning
// Using Second-Order Information" (Jahani et al., 2021), Algorithm 1:
//   D_0 = (1/m) sum_i z_i .* (H(w_0) z_i);  w_1 = w_0 - eta_0 Dhat_0^{-1} g_0
//   k >= 1: D_k = beta2 D_{k-1} + (1 - beta2) z .* (H(w_k) z),  Dhat_k = max(|D_k|, alpha)
//           eta_k = min(sqrt(1 + theta_{k-1}) eta_{k-1},
//                       ||w_k - w_{k-1}||_Dhat / (2 ||grad(w_k) - grad(w_{k-1})||*_Dhat))
//           w_{k+1} = w_k - eta_k Dhat_k^{-1} grad(w_k);  theta_k = eta_k / eta_{k-1}
// theta_0 = +inf. Rademacher probes from an independent PCG32 of the optimizer stream (top bit
// of one output per coordinate). State in double.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::curvature {

class Oasis final : public zoo::ReferenceOptimizer {
 public:
  Oasis(double beta2, double alpha, int samples, bool adaptive)
      : b2_(beta2), alpha_(alpha), m_(samples), adaptive_(adaptive) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t n = p.size();
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    const auto probe = [&](std::vector<double>& out) {
      zoo::Params z(n), hz;
      for (std::size_t i = 0; i < n; ++i) z[i] = static_cast<float>(rng_.rademacher());
      oracle.hvp(p, z, hz);
      for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(z[i]) * hz[i];
    };
    std::vector<double> est(n);
    double eta = lr;
    if (t == 1) {
      d_.assign(n, 0.0);
      for (int s = 0; s < m_; ++s) {
        probe(est);
        for (std::size_t i = 0; i < n; ++i) d_[i] += est[i] / m_;
      }
    } else {
      probe(est);
      for (std::size_t i = 0; i < n; ++i) d_[i] = b2_ * d_[i] + (1 - b2_) * est[i];
    }
    std::vector<double> dhat(n);
    for (std::size_t i = 0; i < n; ++i) dhat[i] = std::max(std::abs(d_[i]), alpha_);
    if (t > 1 && adaptive_) {
      double dw = 0, dg = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double w = static_cast<double>(p[i]) - w_prev_[i];
        const double gd = static_cast<double>(g[i]) - g_prev_[i];
        dw += dhat[i] * w * w;
        dg += gd * gd / dhat[i];
      }
      eta =
          std::min(std::sqrt(1 + theta_) * eta_, dg > 0 ? std::sqrt(dw) / (2 * std::sqrt(dg))
                                                        : std::numeric_limits<double>::infinity());
      if (!std::isfinite(eta)) eta = eta_;
      theta_ = eta / eta_;
    }
    eta_ = eta;
    w_prev_.assign(p.begin(), p.end());
    g_prev_.assign(g.begin(), g.end());
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(p[i] - eta * g[i] / dhat[i]);
  }

 private:
  double b2_, alpha_;
  int m_;
  bool adaptive_;
  std::vector<double> d_, w_prev_, g_prev_;
  double eta_ = 0, theta_ = std::numeric_limits<double>::infinity();
  Pcg32 rng_{kZooSeed, 4};
};

}  // namespace descent::reference::curvature
