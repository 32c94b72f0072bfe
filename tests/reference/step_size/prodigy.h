#pragma once
// Reference Prodigy (Adam version), from "Prodigy: An Expeditiously Adaptive Parameter-Free
// Learner" (Mishchenko, Defazio, 2023), Algorithm 4, with lambda_k the run's rate:
//   m = b1 m + (1-b1) d_k g,   v = b2 v + (1-b2) d_k^2 g^2
//   r = b3 r + (1-b3) lambda_k d_k^2 <g, x0 - x_k>,   s = b3 s + (1-b3) lambda_k d_k^2 g
//   d_{k+1} = max(d_k, d_coef r / ||s||_1)
//   x = x - lambda_k d_k m / (sqrt(v) + d_{k+1} eps)
// (the authors' code puts d_{k+1} in the eps term; the paper writes d_k; the factor
// (1-b3) of r and s cancels). Weight decay: decoupled x -= wd lambda_k d_k x.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Prodigy final : public zoo::ReferenceOptimizer {
 public:
  Prodigy(double b1, double b2, double eps, double d0, double d_coef = 1.0, double wd = 0.0)
      : b1_(b1), b2_(b2), b3_(std::sqrt(b2)), eps_(eps), d_(d0), d_coef_(d_coef), wd_(wd) {}
  double d() const { return d_; }
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params gf;
    oracle.loss_and_grad(p, gf);
    const std::size_t n = p.size();
    if (m_.empty()) {
      m_.assign(n, 0.0), v_.assign(n, 0.0), s_.assign(n, 0.0);
      x0_.assign(p.begin(), p.end());
    }
    const double d = d_;
    double inner = 0, s_l1 = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double g = gf[i];
      inner += g * (x0_[i] - p[i]);
      m_[i] = b1_ * m_[i] + (1 - b1_) * d * g;
      v_[i] = b2_ * v_[i] + (1 - b2_) * d * d * g * g;
      s_[i] = b3_ * s_[i] + (1 - b3_) * lr * d * d * g;
      s_l1 += std::abs(s_[i]);
    }
    r_ = b3_ * r_ + (1 - b3_) * lr * d * d * inner;
    if (s_l1 == 0) return;
    d_ = std::max(d_, d_coef_ * r_ / s_l1);
    for (std::size_t i = 0; i < n; ++i) {
      const double step = lr * d * m_[i] / (std::sqrt(v_[i]) + d_ * eps_);
      p[i] = static_cast<float>(p[i] - wd_ * lr * d * p[i] - step);
    }
  }

 private:
  double b1_, b2_, b3_, eps_, d_, d_coef_, wd_;
  double r_ = 0;
  std::vector<double> m_, v_, s_, x0_;
};

}  // namespace descent::reference
