#pragma once
// Reference INNAprop, plain loops, from "A second-order-like optimizer with adaptive gradient
// scaling for deep learning" (Bolte, Boustany, Pauwels, Purica, 2024): the INNA system
//   theta' = (1/beta - alpha) theta - psi / beta - beta g,   psi' = (1/beta - alpha) theta - psi /
//   beta
// (the dynamical inertial Newton equation without the Hessian), discretised with step gamma
// with psi first and theta semi-implicitly in psi, as the authors' code, and the gradient
// g replaced by g / (sqrt(v_hat) + eps) with the RMSprop average v (decay sigma, bias
// corrected); decoupled weight decay before the step; psi_0 = (1 - alpha beta) theta_0:
//   psi_{k+1} = psi_k + gamma ((1/beta - alpha) theta_k - psi_k / beta)
//   theta_{k+1} = theta_k + gamma/(beta - gamma) ((1 - alpha beta) theta_k - psi_{k+1})
//                 - gamma beta g_k / D_k
// State in double.
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class Innaprop final : public zoo::ReferenceOptimizer {
 public:
  Innaprop(double alpha, double beta, double sigma, double eps, double wd)
      : a_(alpha), b_(beta), s_(sigma), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double gamma) override {
    const std::size_t n = p.size();
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (psi_.empty()) {
      psi_.resize(n);
      v_.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i) psi_[i] = (1 - a_ * b_) * p[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double theta = (1 - gamma * wd_) * p[i];
      v_[i] = s_ * v_[i] + (1 - s_) * static_cast<double>(g[i]) * g[i];
      const double d = std::sqrt(v_[i] / (1 - std::pow(s_, t))) + eps_;
      psi_[i] = psi_[i] + gamma * ((1 / b_ - a_) * theta - psi_[i] / b_);
      const double next =
          theta + gamma / (b_ - gamma) * ((1 - a_ * b_) * theta - psi_[i]) - gamma * b_ * g[i] / d;
      p[i] = static_cast<float>(next);
    }
  }

 private:
  double a_, b_, s_, eps_, wd_;
  std::vector<double> psi_, v_;
};

}  // namespace descent::reference::curvature
