#pragma once
// Reference AI-SARAH, from "AI-SARAH: Adaptive and Implicit Stochastic Recursive Gradient
// Methods" (Shi, Sadiev, Loizou, Richtarik, Takac, 2023), Algorithm 2, with the core's stated
// differences (the inner loop restarts from the current minibatch's gradient; the Newton step
// on xi(alpha) = ||grad f(w - alpha v) - grad f(w) + v||^2 from alpha = 0 uses
// xi'(0) = -2 v^T H v and xi''(0) ~ 2 ||H v||^2):
//   alpha~ = |v^T H v| / ||H v||^2;  alpha_max = alpha~ at first, then harmonic EMA (beta)
//   w+ = w - lr min(alpha~, alpha_max) v;  v+ = grad f(w+) - grad f(w) + v
//   restart (v = grad f(w) at the next step) when ||v+||^2 < gamma ||v_0||^2.
// State in double; Hessian-vector products from the shared oracle.
#include <cmath>
#include <limits>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class AiSarah final : public zoo::ReferenceOptimizer {
 public:
  AiSarah(double gamma, double beta) : gamma_(gamma), beta_(beta) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params ga, gb, hv;
    oracle.loss_and_grad(p, ga);
    const std::size_t n = p.size();
    if (restart_) {
      v_.assign(ga.begin(), ga.end());
      v0_ = 0;
      for (double x : v_) v0_ += x * x;
      restart_ = false;
    }
    oracle.hvp(p, zoo::Params(v_.begin(), v_.end()), hv);
    double vhv = 0, hh = 0;
    for (std::size_t i = 0; i < n; ++i) {
      vhv += v_[i] * hv[i];
      hh += static_cast<double>(hv[i]) * hv[i];
    }
    double alpha = 0;
    if (hh > 0 && vhv != 0) {
      const double implicit = std::abs(vhv) / hh;
      amax_ = std::isinf(amax_) ? implicit : 1 / (beta_ / amax_ + (1 - beta_) / implicit);
      alpha = std::min(implicit, amax_);
    }
    zoo::Params q(n);
    for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<float>(p[i] - lr * alpha * v_[i]);
    oracle.loss_and_grad(q, gb);
    double vv = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v_[i] += static_cast<double>(gb[i]) - ga[i];
      vv += v_[i] * v_[i];
    }
    if (vv < gamma_ * v0_) restart_ = true;
    p = q;
  }

 private:
  double gamma_, beta_;
  bool restart_ = true;
  double v0_ = 0, amax_ = std::numeric_limits<double>::infinity();
  std::vector<double> v_;
};

}  // namespace descent::reference
