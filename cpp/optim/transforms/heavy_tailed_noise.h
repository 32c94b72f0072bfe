#pragma once
// Heavy-tailed gradient noise: adds scale * X to every gradient coordinate, X drawn from the
// standard symmetric alpha-stable law S(alpha, 0, 1) (characteristic function
// exp(-|t|^alpha)), whose tails fall like P(|X| > t) ~ (2/pi) Gamma(alpha) sin(pi alpha / 2)
// t^-alpha: alpha = 2 is a Gaussian of variance 2, alpha = 1 the Cauchy law, and below 2 the
// variance is infinite. Deep-learning gradient noise was measured to look like this ("A
// Tail-Index Analysis of Stochastic Gradient Noise in Deep Neural Networks", Simsekli,
// Sagun, Gurbuzbalaban, 2019; "Why are Adaptive Methods Good for Attention Models?", Zhang
// et al., 2020). The samples come from the run's optimizer stream (ctx.rng), so they are
// bit-reproducible; without a stream the transform does nothing.
#include <cmath>

#include "core/math_constants.h"
#include "core/rng.h"
#include "optim/transform.h"

namespace descent {

// One draw of S(alpha, 0, 1) by the Chambers-Mallows-Stuck method ("A Method for Simulating
// Stable Random Variables", Chambers, Mallows, Stuck, 1976), symmetric case:
//   U ~ Uniform(-pi/2, pi/2), W ~ Exp(1),
//   X = sin(alpha U) / cos(U)^(1/alpha) * (cos((1 - alpha) U) / W)^((1 - alpha) / alpha),
// which is tan(U) (Cauchy) at alpha = 1. Draws U first, then W, two uniforms each.
inline double symmetric_stable(double alpha, Rng& rng) {
  const double u = kPi * (rng.uniform() - 0.5);
  // uniform() is in [0, 1): the shift keeps the logarithm's argument in (0, 1), so W > 0.
  const double w = -std::log(rng.uniform() + 0x1p-54);
  return std::sin(alpha * u) / std::pow(std::cos(u), 1.0 / alpha) *
         std::pow(std::cos((1.0 - alpha) * u) / w, (1.0 - alpha) / alpha);
}

class HeavyTailedNoise final : public Transform {
 public:
  HeavyTailedNoise(double alpha, double scale) : alpha_(alpha), scale_(scale) {}
  void init(const ParamLayout&) override {}
  // One draw per coordinate, in index order.
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    if (ctx.rng == nullptr) return;
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      g[i] += static_cast<Scalar>(scale_ * symmetric_stable(alpha_, *ctx.rng));
    }
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double alpha_, scale_;
};

}  // namespace descent
