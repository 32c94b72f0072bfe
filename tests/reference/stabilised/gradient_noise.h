#pragma once
// Reference annealed gradient noise, from "Adding Gradient Noise Improves Learning for Very
// Deep Networks" (Neelakantan et al., 2015), Section 2: g_t <- g_t + N(0, sigma_t^2),
// sigma_t^2 = eta / (1 + t)^gamma, t = updates made so far (0 at the first step).
//
// To compare trajectories the noise must be the same draws as the run's: the run's optimizer
// stream is PCG32 (XSH-RR, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
// Algorithms for Random Number Generation", O'Neill, 2014, pcg32_srandom_r with
// initstate = seed, initseq = 4 (the optimizer stream)), uniforms with 53 random bits
// (27 + 26 bits of two outputs) and standard normals by Box-Muller, cos first, sin kept as the
// spare: tests/reference/pcg32.h, an independent implementation of that documented contract.
#include <cmath>
#include <cstdint>

#include "tests/reference/pcg32.h"
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage gradient_noise(double eta, double gamma, std::uint64_t seed) {
  auto rng = std::make_shared<Pcg32>(seed, 4);
  return [=](Vector& g, const StageContext& c) {
    const double sigma = std::sqrt(eta / std::pow(1.0 + (c.t - 1), gamma));
    for (double& x : g) x += sigma * rng->normal();
  };
}

}  // namespace descent::reference::stab
