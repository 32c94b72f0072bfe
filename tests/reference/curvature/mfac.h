#pragma once
// Reference M-FAC, plain loops, from "M-FAC: Efficient Matrix-Free Approximations of
// Second-Order Information" (Frantar, Kurtic, Alistarh, 2021): the inverse of the damped
// empirical Fisher F = lambda I + (1/m) sum_i g_i g_i^T of the window of the last m gradients
// (zeros for unfilled slots) built explicitly, d x d, by the Sherman-Morrison recursion the
// paper starts from (Section 3):
//   H_0 = I / lambda,   H_i = H_{i-1} - (H_{i-1} g_i)(H_{i-1} g_i)^T / (m + g_i^T H_{i-1} g_i),
// then d = H_m g; optional dampened momentum v = mu v + (1 - mu) d; w <- w - lr v. The
// gradient includes coupled weight decay and enters the window before the product.
// Everything in double; O(d^2 m) per step, fine for the test problems.
#include <cmath>
#include <deque>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class Mfac final : public zoo::ReferenceOptimizer {
 public:
  Mfac(int m, double damp, double momentum = 0, double wd = 0)
      : m_(m), damp_(damp), mu_(momentum), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const std::size_t n = p.size();
    zoo::Params gf;
    oracle.loss_and_grad(p, gf);
    std::vector<double> g(n);
    for (std::size_t i = 0; i < n; ++i) g[i] = gf[i] + wd_ * p[i];
    window_.push_back(g);
    if (static_cast<int>(window_.size()) > m_) window_.pop_front();
    std::vector<double> h(n * n, 0.0), hg(n);
    for (std::size_t i = 0; i < n; ++i) h[i * n + i] = 1 / damp_;
    for (const auto& gi : window_) {
      double denom = m_;
      for (std::size_t r = 0; r < n; ++r) {
        double s = 0;
        for (std::size_t c = 0; c < n; ++c) s += h[r * n + c] * gi[c];
        hg[r] = s;
      }
      for (std::size_t r = 0; r < n; ++r) denom += gi[r] * hg[r];
      for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < n; ++c) h[r * n + c] -= hg[r] * hg[c] / denom;
    }
    if (v_.empty()) v_.assign(n, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      double d = 0;
      for (std::size_t c = 0; c < n; ++c) d += h[r * n + c] * g[c];
      v_[r] = mu_ > 0 ? mu_ * v_[r] + (1 - mu_) * d : d;
    }
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(p[i] - lr * v_[i]);
  }

 private:
  int m_;
  double damp_, mu_, wd_;
  std::deque<std::vector<double>> window_;
  std::vector<double> v_;
};

}  // namespace descent::reference::curvature
