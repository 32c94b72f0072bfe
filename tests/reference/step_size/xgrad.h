#pragma once
// Reference XGrad, from "XGrad: Boosting Gradient-Based Optimizers With Weight Prediction"
// (Guan, Li, Shi, Meng, 2023) and the authors' code (load_predicted_weights, then step):
//   x_hat = x - s lr d(state)  (no prediction on the first step),  g = grad f(x_hat),
//   then the base optimizer's step at x with g:
//   sgdm:  b <- mu b + (g + wd x);  x <- x - lr b             (d = b)
//   adam:  m, v <- Adam moments of g + wd x;  x <- x - lr d    (d = m_hat / (sqrt(v_hat) + eps))
//   adamw: m, v <- Adam moments of g;  x <- x - lr (d + wd x)
#include <cmath>
#include <string>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class XGrad final : public zoo::ReferenceOptimizer {
 public:
  struct Options {
    std::string base = "adam";
    int s = 1;
    double momentum = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  };
  explicit XGrad(const Options& o) : o_(o) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t n = p.size();
    if (m_.empty()) m_.assign(n, 0.0), v_.assign(n, 0.0);
    zoo::Params hat = p;
    if (t > 1) {
      for (std::size_t i = 0; i < n; ++i) {
        hat[i] = static_cast<float>(p[i] - o_.s * lr * direction(i, t - 1));
      }
    }
    zoo::Params g;
    oracle.loss_and_grad(hat, g);
    for (std::size_t i = 0; i < n; ++i) {
      double gi = g[i];
      if (o_.base != "adamw") gi += o_.weight_decay * p[i];
      if (o_.base == "sgdm") {
        m_[i] = o_.momentum * m_[i] + gi;
      } else {
        m_[i] = o_.beta1 * m_[i] + (1 - o_.beta1) * gi;
        v_[i] = o_.beta2 * v_[i] + (1 - o_.beta2) * gi * gi;
      }
      double u = lr * direction(i, t);
      if (o_.base == "adamw") u += lr * o_.weight_decay * p[i];
      p[i] = static_cast<float>(p[i] - u);
    }
  }

 private:
  double direction(std::size_t i, int t) const {
    if (o_.base == "sgdm") return m_[i];
    const double mh = m_[i] / (1 - std::pow(o_.beta1, t));
    const double vh = v_[i] / (1 - std::pow(o_.beta2, t));
    return mh / (std::sqrt(vh) + o_.eps);
  }

  Options o_;
  std::vector<double> m_, v_;
};

}  // namespace descent::reference
