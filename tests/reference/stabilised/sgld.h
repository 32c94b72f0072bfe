#pragma once
// Reference SGLD, from "Bayesian Learning via Stochastic Gradient Langevin Dynamics" (Welling,
// Teh, 2011), eq. 4, with U the (minibatch) loss and a temperature T scaling the noise:
//   theta <- theta - (eps / 2) grad U(theta) + eta,   eta ~ N(0, eps T) per coordinate,
// eps the learning rate. The normals are the run's optimizer stream (tests/reference/pcg32.h,
// stream 4), one per coordinate in index order.
#include <cmath>
#include <cstdint>

#include "tests/reference/pcg32.h"
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class Sgld final : public zoo::ReferenceOptimizer {
 public:
  Sgld(double temperature, std::uint64_t seed) : temperature_(temperature), rng_(seed, 4) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const Vector g = gradient(oracle, p);
    const double sigma = std::sqrt(lr * temperature_);
    for (std::size_t i = 0; i < g.size(); ++i) {
      const double eta = sigma > 0 ? sigma * rng_.normal() : 0.0;
      p[i] = static_cast<float>(p[i] + (-lr / 2 * g[i] + eta));
    }
  }

 private:
  double temperature_;
  Pcg32 rng_;
};

}  // namespace descent::reference::stab
