#pragma once
// Reference AdaHessian, plain loops, from "ADAHESSIAN: An Adaptive Second Order Optimizer for
// Machine Learning" (Yao et al., 2021), Algorithm 1 with Eqs. 8-10:
//   D = z .* (H z), z Rademacher (Hutchinson, Eq. 8); D^(s) = block means of D within each
//   tensor (Eq. 9); m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) D^(s)^2;
//   x <- x - lr [ (m / (1 - b1^t)) / ((sqrt(v / (1 - b2^t)))^k + eps) + wd x ]   (Eq. 10).
// State in double; probes drawn from an independent PCG32 of the optimizer stream.
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::curvature {

class AdaHessian final : public zoo::ReferenceOptimizer {
 public:
  AdaHessian(double beta1, double beta2, double eps, double wd, double power, int block)
      : b1_(beta1), b2_(beta2), eps_(eps), wd_(wd), k_(power), block_(block) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t n = p.size();
    if (m_.empty()) {
      m_.assign(n, 0.0);
      v_.assign(n, 0.0);
    }
    zoo::Params g, z(n), hz;
    oracle.loss_and_grad(p, g);
    for (std::size_t i = 0; i < n; ++i) z[i] = static_cast<float>(rng_.rademacher());
    oracle.hvp(p, z, hz);
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<double>(z[i]) * hz[i];
    // Spatial averaging per tensor.
    std::vector<std::pair<int, int>> tensors;
    if (oracle.layout != nullptr) {
      for (const auto& tensor : oracle.layout->tensors)
        tensors.push_back({tensor.offset, tensor.rows * tensor.cols});
    } else {
      tensors.push_back({0, static_cast<int>(n)});
    }
    if (block_ > 1) {
      for (auto [offset, size] : tensors) {
        for (int s = 0; s < size; s += block_) {
          const int len = std::min(block_, size - s);
          double sum = 0;
          for (int i = 0; i < len; ++i) sum += d[offset + s + i];
          for (int i = 0; i < len; ++i) d[offset + s + i] = sum / len;
        }
      }
    }
    const double bc1 = 1 - std::pow(b1_, t), bc2 = 1 - std::pow(b2_, t);
    for (std::size_t i = 0; i < n; ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * d[i] * d[i];
      const double denom = std::pow(std::sqrt(v_[i] / bc2), k_) + eps_;
      p[i] = static_cast<float>(p[i] - lr * (m_[i] / bc1 / denom + wd_ * p[i]));
    }
  }

 private:
  double b1_, b2_, eps_, wd_, k_;
  int block_;
  std::vector<double> m_, v_;
  Pcg32 rng_{kZooSeed, 4};
};

}  // namespace descent::reference::curvature
