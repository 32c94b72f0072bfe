// SGLD (optim/optimizers/stabilised/sgld.cpp): in lockstep with a plain reference from Welling
// and Teh's update on the same seeded normals, and its defining property: on a quadratic
// U = 1/2 (lambda_x x^2 + lambda_y y^2) the iterates sample a Gaussian whose variance per
// direction is the temperature-scaled T / lambda, exactly T / (lambda (1 - eps lambda / 4))
// for the discrete chain x <- (1 - eps lambda / 2) x + N(0, eps T).
#include <gtest/gtest.h>

#include <cmath>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/stabilised/sgld.h"

namespace descent {
namespace {

TEST(Sgld, MatchesTheReferenceOnTheSameNormals) {
  for (double temperature : {0.0, 0.3, 1.0}) {
    reference::stab::Sgld r1(temperature, reference::kZooSeed);
    zoo::expect_lockstep(zoo::network(),
                         {{"name", "sgld"}, {"lr", 0.05}, {"temperature", temperature}}, r1, 100);
    reference::stab::Sgld r2(temperature, reference::kZooSeed);
    zoo::expect_lockstep(zoo::quadratic(),
                         {{"name", "sgld"}, {"lr", 0.1}, {"temperature", temperature}}, r2, 100);
  }
}

TEST(Sgld, SamplesTheTemperatureScaledGaussianOnAQuadratic) {
  // condition_number 4, angle 0: lambda = 0.25 along x, 1 along y.
  const double eps = 0.2, lambda[2] = {0.25, 1.0};
  const int burn_in = 2000, steps = 400000;
  for (double temperature : {0.5, 2.0}) {
    const nlohmann::json config = {
        {"schema", 1},
        {"seed", 9},
        {"problem",
         {{"kind", "function"},
          {"name", "quadratic"},
          {"condition_number", 4},
          {"start", {0.0, 0.0}}}},
        {"optimizer", {{"name", "sgld"}, {"lr", eps}, {"temperature", temperature}}},
        {"steps", burn_in + steps}};
    descent::Run run(zoo::parse_or_fail(config));
    run.step(burn_in);
    double sum[2] = {0, 0}, squares[2] = {0, 0};
    for (int t = 0; t < steps; ++t) {
      run.step(1);
      if (t % 4096 == 0) run.take_metrics();  // rows of every step: keep memory bounded
      for (int k = 0; k < 2; ++k) {
        const double v = run.params()[k];
        sum[k] += v;
        squares[k] += v * v;
      }
    }
    for (int k = 0; k < 2; ++k) {
      const double mean = sum[k] / steps;
      const double variance = squares[k] / steps - mean * mean;
      const double expected = temperature / (lambda[k] * (1 - eps * lambda[k] / 4));
      // About 2,000 to 8,000 effective samples (correlation time 1 / (eps lambda)): a 10% band
      // is several standard errors, and T / lambda alone would be off by 1.3% to 5%.
      EXPECT_NEAR(variance, expected, 0.1 * expected) << "T " << temperature << " axis " << k;
      EXPECT_NEAR(mean, 0.0, 0.1 * std::sqrt(expected)) << "T " << temperature << " axis " << k;
    }
  }
}

}  // namespace
}  // namespace descent
