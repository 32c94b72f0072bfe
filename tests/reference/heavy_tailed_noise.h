#pragma once
// Reference heavy-tailed gradient noise: g <- g + scale * X per coordinate in index order,
// X ~ S(alpha, 0, 1) symmetric alpha-stable, drawn by the Chambers-Mallows-Stuck formula ("A
// Method for Simulating Stable Random Variables", Chambers, Mallows, Stuck, 1976, eq. 2.3 with
// beta = 0): U uniform on (-pi/2, pi/2), W standard exponential,
//   X = sin(alpha U) / cos(U)^(1/alpha) * (cos(U - alpha U) / W)^((1 - alpha) / alpha).
// U is drawn first, then W = -log(V) with V uniform in (0, 1) (the 53-bit uniform plus 2^-54),
// from the run's optimizer stream (tests/reference/pcg32.h, stream 4).
#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/reference/pcg32.h"

namespace descent::reference {

inline double stable_draw(double alpha, Pcg32& rng) {
  const double pi = 3.14159265358979323846;
  const double u = -pi / 2 + pi * rng.uniform();
  const double v = rng.uniform() + std::ldexp(1.0, -54);
  const double w = -std::log(v);
  const double first = std::sin(alpha * u) / std::pow(std::cos(u), 1 / alpha);
  return first * std::pow(std::cos(u - alpha * u) / w, (1 - alpha) / alpha);
}

inline void heavy_tailed_noise(std::vector<double>& g, double alpha, double scale, Pcg32& rng) {
  for (double& x : g) x += scale * stable_draw(alpha, rng);
}

}  // namespace descent::reference
