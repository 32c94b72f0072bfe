#pragma once
// Reference stable weight decay, from "On the Overlooked Pitfalls of Weight Decay and How to
// Mitigate Them: A Gradient-Norm Perspective" (Xie, Xu, Zhang, Sato, Sugiyama, 2023):
//   AdamS (the paper's algorithm): m, v as Adam; v_bar = mean(v_hat);
//     theta_t = theta_{t-1} - lr m_hat / (sqrt(v_hat) + eps) - lr lambda theta_{t-1} / sqrt(v_bar)
//   and the same decay term as a post stage around any optimizer, with its own v (EMA beta2 of
//   the squared gradient the optimizer received).
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class AdamS final : public zoo::ReferenceOptimizer {
 public:
  AdamS(double b1, double b2, double eps, double wd) : b1_(b1), b2_(b2), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const Vector g = gradient(oracle, p);
    if (m_.empty()) m_.assign(g.size(), 0.0), v_.assign(g.size(), 0.0);
    double v_bar = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      v_bar += v_[i] / (1 - std::pow(b2_, t));
    }
    v_bar /= static_cast<double>(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
      const double m_hat = m_[i] / (1 - std::pow(b1_, t));
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      double step = -lr * m_hat / (std::sqrt(v_hat) + eps_);
      if (v_bar > 0) step -= lr * wd_ * p[i] / std::sqrt(v_bar);
      p[i] = static_cast<float>(p[i] + step);
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  Vector m_, v_;
};

inline Stage stable_weight_decay(double wd, double b2) {
  auto v = std::make_shared<Vector>();
  return [=](Vector& u, const StageContext& c) {
    const Vector& g = *c.gradient;
    if (v->empty()) v->assign(g.size(), 0.0);
    double v_bar = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
      (*v)[i] = b2 * (*v)[i] + (1 - b2) * g[i] * g[i];
      v_bar += (*v)[i];
    }
    v_bar = v_bar / static_cast<double>(g.size()) / (1 - std::pow(b2, c.t));
    if (!(v_bar > 0)) return;
    for (std::size_t i = 0; i < u.size(); ++i)
      u[i] -= c.lr * wd * (*c.params)[i] / std::sqrt(v_bar);
  };
}

}  // namespace descent::reference::stab
