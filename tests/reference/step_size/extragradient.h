#pragma once
// Reference extragradient ("The extragradient method for finding saddle points and other
// problems", Korpelevich, 1976):  x_half = x - lr F(x);  x <- x - lr F(x_half);
// and optimistic gradient ("Training GANs with Optimism", Daskalakis et al., 2018):
// x <- x - lr (2 F(x_t) - F(x_{t-1})) with F(x_0) = 0.
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Extragradient final : public zoo::ReferenceOptimizer {
 public:
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g, half(p.size()), g_half;
    oracle.loss_and_grad(p, g);
    for (std::size_t i = 0; i < p.size(); ++i) half[i] = static_cast<float>(p[i] - lr * g[i]);
    oracle.loss_and_grad(half, g_half);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] - lr * g_half[i]);
  }
};

class OptimisticGradient final : public zoo::ReferenceOptimizer {
 public:
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (prev_.empty()) prev_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] = static_cast<float>(p[i] - lr * (2.0 * g[i] - prev_[i]));
      prev_[i] = g[i];
    }
  }

 private:
  std::vector<double> prev_;
};

}  // namespace descent::reference
