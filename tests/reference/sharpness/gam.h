#pragma once
// Reference GAM and adversarial model perturbation, plain loops, SGD with heavy-ball momentum
// as the base (PyTorch convention: buf_1 = g, buf_t = momentum buf_{t-1} + g; w <- w - lr buf).
// GAM: "Gradient Norm Aware Minimization Seeks First-Order Flatness and Improves
// Generalization" (Zhang, Xu, Cui, 2023): the gradient of L + alpha rho max_{||d||<=rho}
// ||grad L(w + d)||, approximated by one normalised ascent step on the gradient norm,
//   w' = w + rho grad||grad L||(w) / ||grad||grad L||(w)||,  grad||grad L|| = H grad L / ||grad L||
//   g = grad L(w) + alpha rho grad||grad L||(w'),
// with the problem's exact Hessian-vector products.
// AMP: "Regularizing Neural Networks via Adversarial Model Perturbation" (Zheng, Zhang, Mao,
// 2021), Algorithm 1 with one inner step: Delta = Proj_{||Delta||<=eps}(inner_lr grad L(w)),
// g = grad L(w + Delta).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::sharpness {

inline double norm_of(const zoo::Params& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

class MomentumBase {
 protected:
  void descend(zoo::Params& p, const std::vector<double>& g, int t, double lr) {
    if (buf_.empty()) buf_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      buf_[i] = t == 1 ? g[i] : mu_ * buf_[i] + g[i];
      p[i] = static_cast<float>(p[i] - lr * buf_[i]);
    }
  }
  double mu_ = 0;
  std::vector<double> buf_;
};

class Gam final : public zoo::ReferenceOptimizer, MomentumBase {
 public:
  Gam(double rho, double alpha, double momentum) : rho_(rho), alpha_(alpha) { mu_ = momentum; }
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g0, h0, g1, h1;
    oracle.loss_and_grad(p, g0);
    oracle.hvp(p, g0, h0);  // direction of grad ||grad L|| (the 1/||g0|| does not matter)
    const double n0 = norm_of(h0);
    zoo::Params q(p);
    for (std::size_t i = 0; i < p.size(); ++i)
      q[i] = static_cast<float>(p[i] + (n0 > 0 ? rho_ / n0 : 0.0) * h0[i]);
    oracle.loss_and_grad(q, g1);
    oracle.hvp(q, g1, h1);
    const double n1 = norm_of(g1);
    std::vector<double> g(p.size());
    for (std::size_t i = 0; i < p.size(); ++i)
      g[i] = g0[i] + (n1 > 0 ? alpha_ * rho_ / n1 : 0.0) * h1[i];
    descend(p, g, t, lr);
  }

 private:
  double rho_, alpha_;
};

class Amp final : public zoo::ReferenceOptimizer, MomentumBase {
 public:
  Amp(double epsilon, double inner_lr, double momentum) : eps_(epsilon), inner_lr_(inner_lr) {
    mu_ = momentum;
  }
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g0, g1;
    oracle.loss_and_grad(p, g0);
    zoo::Params q(p);
    const double length = inner_lr_ * norm_of(g0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      double delta = inner_lr_ * g0[i];
      if (length > eps_) delta *= eps_ / length;  // projection onto the eps-ball
      q[i] = static_cast<float>(p[i] + delta);
    }
    oracle.loss_and_grad(q, g1);
    descend(p, std::vector<double>(g1.begin(), g1.end()), t, lr);
  }

 private:
  double eps_, inner_lr_;
};

}  // namespace descent::reference::sharpness
