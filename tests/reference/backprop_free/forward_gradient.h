#pragma once
// Reference forward gradient, plain loops, from "Can Forward Gradient Match
// Backpropagation?" (Fournier, Rivaud, Belilovsky, Eickenberg, Oyallon, 2023), its
// weight-perturbed forward gradient with random guesses ("Gradients without Backpropagation",
// Baydin et al., 2022): v ~ N(0, I) (the run's optimizer stream, rounded to float32),
//   g_hat = (grad L . v) v,   p <- p - lr g_hat.
// The directional derivative is taken here from the problem's gradient (the shared oracle),
// so the lockstep comparison also checks the core's forward-mode value (one JVP) against it.
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::backprop_free {

class ForwardGradient final : public zoo::ReferenceOptimizer {
 public:
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    std::vector<float> v(p.size());
    for (float& x : v) x = static_cast<float>(rng_.normal());
    zoo::Params g(p.size());
    oracle.loss_and_grad(p, g);
    double d = 0;
    for (std::size_t i = 0; i < p.size(); ++i) d += static_cast<double>(g[i]) * v[i];
    const auto df = static_cast<float>(d), step = static_cast<float>(-lr);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] += step * (df * v[i]);
  }

 private:
  Pcg32 rng_{kZooSeed, 4};  // the optimizer stream
};

}  // namespace descent::reference::backprop_free
