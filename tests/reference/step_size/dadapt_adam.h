#pragma once
// Reference D-Adapted Adam, from "Learning-Rate-Free Learning by D-Adaptation" (Defazio,
// Mishchenko, 2023), the Adam variant (Algorithm 3 of the ICML paper), with b = sqrt(b2) and
// lambda_k the run's rate:
//   r_{k+1} = b r_k + (1-b) lambda_k d_k <g_k, s_k / (sqrt(v_k) + eps)>
//   s_{k+1} = b s_k + (1-b) lambda_k d_k g_k
//   m = b1 m + (1-b1) lambda_k d_k g,   v = b2 v + (1-b2) g^2
//   d_{k+1} = max(d_k, r_{k+1} / ((1-b) ||s_{k+1}||_1))
//   x = x - m / (sqrt(v) + eps)
// Weight decay: L2 on g (the default), or decoupled x -= wd lambda_k d_k x.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class DAdaptAdam final : public zoo::ReferenceOptimizer {
 public:
  DAdaptAdam(double b1, double b2, double eps, double d0, double wd = 0.0, bool decouple = false)
      : b1_(b1), b2_(b2), eps_(eps), d_(d0), wd_(wd), decouple_(decouple) {}
  double d() const { return d_; }
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params gf;
    oracle.loss_and_grad(p, gf);
    const std::size_t n = p.size();
    if (m_.empty()) m_.assign(n, 0.0), v_.assign(n, 0.0), s_.assign(n, 0.0);
    const double b = std::sqrt(b2_), dlr = d_ * lr;
    double inner = 0, s_l1 = 0;
    std::vector<double> g(n);
    for (std::size_t i = 0; i < n; ++i) {
      g[i] = gf[i] + (decouple_ ? 0.0 : wd_ * p[i]);
      inner += g[i] * s_[i] / (std::sqrt(v_[i]) + eps_);
      m_[i] = b1_ * m_[i] + (1 - b1_) * dlr * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      s_[i] = b * s_[i] + (1 - b) * dlr * g[i];
      s_l1 += std::abs(s_[i]);
    }
    if (s_l1 == 0) return;
    r_ = b * r_ + (1 - b) * dlr * inner;
    d_ = std::max(d_, r_ / ((1 - b) * s_l1));
    for (std::size_t i = 0; i < n; ++i) {
      const double decay = decouple_ ? wd_ * dlr * p[i] : 0.0;
      p[i] = static_cast<float>(p[i] - decay - m_[i] / (std::sqrt(v_[i]) + eps_));
    }
  }

 private:
  double b1_, b2_, eps_, d_, wd_;
  bool decouple_;
  double r_ = 0;
  std::vector<double> m_, v_, s_;
};

}  // namespace descent::reference
