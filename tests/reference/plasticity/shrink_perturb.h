#pragma once
// Shrink-and-perturb from its paper's equation ("On Warm-Starting Neural Network Training",
// Ash and Adams, NeurIPS 2020, section 4): when new data arrives, every weight is replaced by
//   theta_i <- lambda theta_i + p_i,   p_i ~ N(0, sigma^2),
// in parameter order, computed in double and rounded once to float. The noise of task switch
// `index` comes from the documented contract of run/task_switches.h: PCG32 on stream 8 seeded
// with the run's seed gives one 32-bit seed per (switch, part) in the order (0, data),
// (0, weights), (1, data), ...; the weights' draws are PCG32 on stream 8 from that seed.
// Written without Eigen or core code.
#include <cstdint>
#include <vector>

#include "tests/reference/pcg32.h"

namespace descent::reference {

inline Pcg32 task_switch_weights_stream(std::uint64_t seed, int index) {
  Pcg32 seeds(seed, 8);
  for (int i = 0; i < 2 * index + 1; ++i) seeds.next();
  return Pcg32(seeds.next(), 8);
}

inline void shrink_perturb(std::vector<float>& theta, double lambda, double sigma, Pcg32& rng) {
  for (float& w : theta) {
    const double p = sigma > 0 ? sigma * rng.normal() : 0.0;
    w = static_cast<float>(lambda * static_cast<double>(w) + p);
  }
}

}  // namespace descent::reference
