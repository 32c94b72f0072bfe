#pragma once
// Reference L-BFGS with a fixed step, plain loops: Liu & Nocedal (1989); two-loop recursion
// of Nocedal & Wright, Numerical Optimization, Algorithm 7.4, H0 = (s^T y / y^T y) I of the
// newest pair; pairs failing s^T y > 1e-10 |s||y| are skipped; x <- x - lr H g.
#include <cmath>
#include <deque>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class Lbfgs final : public zoo::ReferenceOptimizer {
 public:
  explicit Lbfgs(int m) : m_(m) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    const std::size_t n = p.size();
    if (t > 1) {
      std::vector<double> s(n), y(n);
      double sy = 0, ss = 0, yy = 0;
      for (std::size_t i = 0; i < n; ++i) {
        s[i] = static_cast<double>(p[i]) - px_[i];
        y[i] = static_cast<double>(g[i]) - pg_[i];
        sy += s[i] * y[i], ss += s[i] * s[i], yy += y[i] * y[i];
      }
      if (sy > 1e-10 * std::sqrt(ss) * std::sqrt(yy)) {
        S_.push_front(s), Y_.push_front(y), R_.push_front(1.0 / sy);
        if (static_cast<int>(S_.size()) > m_) S_.pop_back(), Y_.pop_back(), R_.pop_back();
      }
    }
    px_.assign(p.begin(), p.end());
    pg_.assign(g.begin(), g.end());
    std::vector<double> q(g.begin(), g.end()), alpha(S_.size());
    for (std::size_t k = 0; k < S_.size(); ++k) {
      double a = 0;
      for (std::size_t i = 0; i < n; ++i) a += S_[k][i] * q[i];
      alpha[k] = R_[k] * a;
      for (std::size_t i = 0; i < n; ++i) q[i] -= alpha[k] * Y_[k][i];
    }
    if (!S_.empty()) {
      double yy = 0;
      for (std::size_t i = 0; i < n; ++i) yy += Y_[0][i] * Y_[0][i];
      for (auto& v : q) v *= 1.0 / (R_[0] * yy);
    }
    for (std::size_t k = S_.size(); k-- > 0;) {
      double b = 0;
      for (std::size_t i = 0; i < n; ++i) b += Y_[k][i] * q[i];
      b *= R_[k];
      for (std::size_t i = 0; i < n; ++i) q[i] += (alpha[k] - b) * S_[k][i];
    }
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(p[i] - lr * q[i]);
  }

 private:
  int m_;
  std::deque<std::vector<double>> S_, Y_;
  std::deque<double> R_;
  std::vector<double> px_, pg_;
};

}  // namespace descent::reference::curvature
