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
// spare. This is an independent implementation of that documented contract.
#include <cmath>
#include <cstdint>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class Pcg32 {
 public:
  Pcg32(std::uint64_t seed, std::uint64_t sequence) {
    inc_ = (sequence << 1u) | 1u;
    next();
    state_ += seed;
    next();
  }
  std::uint32_t next() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((~rot + 1u) & 31u));
  }
  double uniform() {
    const std::uint64_t a = next() >> 5, b = next() >> 6;
    return static_cast<double>(a * 67108864ULL + b) / 9007199254740992.0;
  }
  double normal() {
    if (spare_ready_) {
      spare_ready_ = false;
      return spare_;
    }
    const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
    const double r = std::sqrt(-2 * std::log(u1)), angle = 2 * 3.14159265358979323846 * u2;
    spare_ = r * std::sin(angle);
    spare_ready_ = true;
    return r * std::cos(angle);
  }

 private:
  std::uint64_t state_ = 0, inc_ = 0;
  bool spare_ready_ = false;
  double spare_ = 0;
};

inline Stage gradient_noise(double eta, double gamma, std::uint64_t seed) {
  auto rng = std::make_shared<Pcg32>(seed, 4);
  return [=](Vector& g, const StageContext& c) {
    const double sigma = std::sqrt(eta / std::pow(1.0 + (c.t - 1), gamma));
    for (double& x : g) x += sigma * rng->normal();
  };
}

}  // namespace descent::reference::stab
