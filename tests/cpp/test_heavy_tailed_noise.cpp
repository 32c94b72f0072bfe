// The heavy_tailed_noise transform (optim/transforms/heavy_tailed_noise.h): in lockstep with a
// plain reference from the Chambers-Mallows-Stuck formula on the same seeded stream, and the
// defining properties of the symmetric alpha-stable law measured on many draws: the exact
// tails at alpha = 1 (Cauchy) and alpha = 2 (Gaussian of variance 2), the power-law tail
// P(|X| > t) ~ (2/pi) Gamma(alpha) sin(pi alpha / 2) t^-alpha in between, a median of 0 and a
// median |noise| of `scale` at alpha = 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "optim/transforms/heavy_tailed_noise.h"
#include "optim/transforms/transform_catalog.h"
#include "tests/reference/heavy_tailed_noise.h"

namespace descent {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<double> draws(double alpha, int n, std::uint64_t seed = 11) {
  Rng rng(seed, Stream::Optimizer);
  std::vector<double> x(n);
  for (double& v : x) v = symmetric_stable(alpha, rng);
  return x;
}

double fraction_above(const std::vector<double>& x, double t) {
  const auto count = std::count_if(x.begin(), x.end(), [t](double v) { return std::abs(v) > t; });
  return static_cast<double>(count) / static_cast<double>(x.size());
}

// Five binomial standard deviations: a correct sampler fails this about once in 10^6.
double tolerance(double p, int n) { return 5 * std::sqrt(p * (1 - p) / n) + 1e-12; }

double median(std::vector<double> x) {
  std::nth_element(x.begin(), x.begin() + static_cast<long>(x.size() / 2), x.end());
  return x[x.size() / 2];
}

TEST(HeavyTailedNoise, MatchesTheReferenceOnTheSameStream) {
  const TransformInfo* info = find_transform("heavy_tailed_noise");
  ASSERT_NE(info, nullptr);
  ParamValues p;
  p.numbers = {{"alpha", 1.3}, {"scale", 0.25}};
  TransformPtr noise = info->make(p);
  const int n = 50;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  noise->init(layout);
  Rng rng(reference::kZooSeed, Stream::Optimizer);
  reference::Pcg32 ref_rng(reference::kZooSeed, 4);
  StepContext ctx;
  ctx.layout = &layout;
  ctx.rng = &rng;
  const Vec params = Vec::Zero(n);
  for (int step = 1; step <= 4; ++step) {
    ctx.step = step;
    Vec g(n);
    std::vector<double> expected(n);
    for (int i = 0; i < n; ++i) g[i] = static_cast<Scalar>(expected[i] = 0.1 * (i - 20));
    noise->update(g, params, ctx);
    reference::heavy_tailed_noise(expected, 1.3, 0.25, ref_rng);
    for (int i = 0; i < n; ++i) {
      EXPECT_NEAR(g[i], expected[i], 1e-6 * std::max(1.0, std::abs(expected[i])))
          << "step " << step << " coordinate " << i;
    }
  }
}

TEST(HeavyTailedNoise, IsReproducibleGivenTheSeed) {
  EXPECT_EQ(draws(1.5, 1000, 3), draws(1.5, 1000, 3));
  EXPECT_NE(draws(1.5, 1000, 3), draws(1.5, 1000, 4));
}

TEST(HeavyTailedNoise, AlphaOneIsCauchy) {
  const int n = 400000;
  const std::vector<double> x = draws(1.0, n);
  for (double t : {0.25, 1.0, 3.0, 10.0, 100.0}) {
    const double p = 1 - 2 / kPi * std::atan(t);
    EXPECT_NEAR(fraction_above(x, t), p, tolerance(p, n)) << "t = " << t;
  }
  EXPECT_NEAR(median(x), 0.0, 0.01);
}

TEST(HeavyTailedNoise, AlphaTwoIsGaussianWithVarianceTwo) {
  const int n = 400000;
  const std::vector<double> x = draws(2.0, n);
  for (double t : {0.5, 1.0, 2.0, 4.0}) {
    const double p = std::erfc(t / 2);  // X ~ N(0, 2)
    EXPECT_NEAR(fraction_above(x, t), p, tolerance(p, n)) << "t = " << t;
  }
}

TEST(HeavyTailedNoise, TailsFallLikeTToTheMinusAlpha) {
  const int n = 2000000;
  for (double alpha : {1.2, 1.5, 1.8}) {
    const std::vector<double> x = draws(alpha, n);
    const double c = 2 / kPi * std::tgamma(alpha) * std::sin(kPi * alpha / 2);
    // Far in the tail the law is c t^-alpha up to a relative O(t^-alpha) correction (about
    // 2% at these t).
    const double t = alpha < 1.7 ? 40.0 : 20.0;
    const double p = c * std::pow(t, -alpha);
    EXPECT_NEAR(fraction_above(x, t), p, tolerance(p, n) + 0.05 * p) << "alpha " << alpha;
    // The measured tail index between t/2 and 2t.
    const double slope =
        std::log(fraction_above(x, 2 * t) / fraction_above(x, t / 2)) / std::log(4.0);
    EXPECT_NEAR(slope, -alpha, 0.15) << "alpha " << alpha;
    EXPECT_NEAR(median(x), 0.0, 0.01) << "alpha " << alpha;
  }
}

TEST(HeavyTailedNoise, ScaleIsTheMedianAbsoluteNoiseOfCauchy) {
  const int n = 100001;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  HeavyTailedNoise noise(1.0, 0.3);
  noise.init(layout);
  Rng rng(2, Stream::Optimizer);
  StepContext ctx;
  ctx.layout = &layout;
  ctx.rng = &rng;
  Vec g = Vec::Zero(n);
  noise.update(g, Vec::Zero(n), ctx);
  std::vector<double> a(n);
  for (int i = 0; i < n; ++i) a[i] = std::abs(static_cast<double>(g[i]));
  EXPECT_NEAR(median(a), 0.3, 0.01);
}

}  // namespace
}  // namespace descent
