#pragma once
// Reference Adafactor, plain loops, from "Adafactor: Adaptive Learning Rates with Sublinear
// Memory Cost" (Shazeer, Stern, 2018): Algorithm 4 for weight matrices (factored second moment
// R_t, C_t, V_t = R_t C_t / (1^T R_t)), Algorithm 5 for vectors, update clipping (Section 6,
// U / max(1, RMS(U) / d)), beta2_t = 1 - t^-c (Section 7.2) and the relative step
// alpha_t = max(eps2, RMS(X_{t-1})) min(1e-2, 1 / sqrt(t)) (Section 8), times lr.
// No momentum (beta1 = 0, the paper's setting). State in double.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class Adafactor final : public zoo::ReferenceOptimizer {
 public:
  Adafactor(double decay_rate = 0.8, double eps1 = 1e-30, double eps2 = 1e-3, double d = 1.0,
            int min_factor = 2)
      : c_(decay_rate), eps1_(eps1), eps2_(eps2), d_(d), min_factor_(min_factor) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::vector<double> g = gradient(oracle, p);
    const auto blocks = blocks_of(oracle, p.size());
    if (r_.empty()) {
      r_.resize(blocks.size());
      c_state_.resize(blocks.size());
      v_.resize(blocks.size());
    }
    const double beta2 = 1 - std::pow(static_cast<double>(t), -c_);
    const double rho = lr * std::min(1e-2, 1 / std::sqrt(static_cast<double>(t)));
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const Block& blk = blocks[b];
      const int n = blk.rows, m = blk.cols;
      // G[i][j] = g[offset + i + j n] (column-major, rows = output units).
      auto G = [&](int i, int j) { return g[blk.offset + i + j * n]; };
      std::vector<double> u(n * m);
      const bool factored = n > 1 && m > 1 && std::min(n, m) >= min_factor_;
      if (factored) {
        auto& R = r_[b];
        auto& C = c_state_[b];
        if (R.empty()) {
          R.assign(n, 0.0);
          C.assign(m, 0.0);
        }
        for (int i = 0; i < n; ++i) {
          double s = 0;
          for (int j = 0; j < m; ++j) s += G(i, j) * G(i, j) + eps1_;
          R[i] = beta2 * R[i] + (1 - beta2) * s;
        }
        for (int j = 0; j < m; ++j) {
          double s = 0;
          for (int i = 0; i < n; ++i) s += G(i, j) * G(i, j) + eps1_;
          C[j] = beta2 * C[j] + (1 - beta2) * s;
        }
        double sum_r = 0;
        for (int i = 0; i < n; ++i) sum_r += R[i];
        for (int i = 0; i < n; ++i)
          for (int j = 0; j < m; ++j) u[i + j * n] = G(i, j) / std::sqrt(R[i] * C[j] / sum_r);
      } else {
        auto& V = v_[b];
        if (V.empty()) V.assign(n * m, 0.0);
        for (int k = 0; k < n * m; ++k) {
          const double gk = g[blk.offset + k];
          V[k] = beta2 * V[k] + (1 - beta2) * (gk * gk + eps1_);
          u[k] = gk / std::sqrt(V[k]);
        }
      }
      double rms_u = 0, rms_x = 0;
      for (int k = 0; k < n * m; ++k) {
        rms_u += u[k] * u[k];
        rms_x += static_cast<double>(p[blk.offset + k]) * p[blk.offset + k];
      }
      rms_u = std::sqrt(rms_u / (n * m));
      rms_x = std::sqrt(rms_x / (n * m));
      const double alpha = std::max(eps2_, rms_x) * rho;
      const double denom = std::max(1.0, rms_u / d_);
      for (int k = 0; k < n * m; ++k)
        p[blk.offset + k] = static_cast<float>(p[blk.offset + k] - alpha * u[k] / denom);
    }
  }

 private:
  double c_, eps1_, eps2_, d_;
  int min_factor_;
  std::vector<std::vector<double>> r_, c_state_, v_;
};

}  // namespace descent::reference
