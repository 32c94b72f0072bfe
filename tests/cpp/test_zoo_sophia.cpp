// Sophia-H (curvature family) against its plain reference (tests/reference/curvature/sophia.h)
// on a 2-D function and the 2-8-8-3 network, and its defining property: per-coordinate
// clipping. The clipped fraction is reported (SophiaH::clipped_fraction), lies in [0, 1], is 1
// while the curvature estimate is still small and 0 once the steps are Newton-like near a
// minimum; no coordinate ever moves more than lr (plus the decay).
//
// Tolerance 1e-4 relative, the float32 core against the double-state reference.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "optim/optimizers/curvature/sophia.h"
#include "tests/cpp/zoo_direct.h"
#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/sophia.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

using zoo::expect_lockstep;

TEST(ZooSophia, MatchesItsReference) {
  ref::Sophia r1(0.965, 0.99, 0.04, 1e-12, 0.1, 10);
  expect_lockstep(zoo::rosenbrock(), {{"name", "sophia"}}, r1, 80);
  ref::Sophia r2(0.965, 0.99, 0.04, 1e-12, 0.1, 10);
  expect_lockstep(zoo::network(), {{"name", "sophia"}}, r2, 60);
  ref::Sophia r3(0.9, 0.95, 0.5, 1e-12, 0.0, 3);
  expect_lockstep(zoo::network(),
                  {{"name", "sophia"},
                   {"lr", 0.05},
                   {"beta1", 0.9},
                   {"beta2", 0.95},
                   {"rho", 0.5},
                   {"weight_decay", 0.0},
                   {"k", 3}},
                  r3, 60);
  ref::Sophia r4(0.9, 0.95, 0.5, 1e-12, 0.0, 1);
  expect_lockstep(zoo::quadratic(),
                  {{"name", "sophia"},
                   {"lr", 0.05},
                   {"beta1", 0.9},
                   {"beta2", 0.95},
                   {"rho", 0.5},
                   {"weight_decay", 0.0},
                   {"k", 1}},
                  r4, 80);
}

// A reference that refreshes the curvature every step instead of every k is told apart.
TEST(ZooSophia, AWrongRefreshIntervalIsCaught) {
  ref::Sophia wrong(0.9, 0.95, 0.5, 1e-12, 0.0, 1);
  auto c = zoo::compare(zoo::network(),
                        {{"name", "sophia"},
                         {"lr", 0.05},
                         {"beta1", 0.9},
                         {"beta2", 0.95},
                         {"rho", 0.5},
                         {"weight_decay", 0.0},
                         {"k", 3}},
                        wrong, 60);
  EXPECT_GT(c.max_relative_deviation, 1e-3);
}

TEST(ZooSophia, ClippedFractionIsReportedAndBounded) {
  const int n = 12;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  const OptimizerInfo* info = find_optimizer("sophia");
  ASSERT_NE(info, nullptr);
  ParamValues given;
  given.numbers = {{"lr", 0.05}, {"rho", 1.0}, {"weight_decay", 0.0}, {"k", 1}};
  auto optimizer = info->make(with_defaults(info->params, given));
  auto* sophia = dynamic_cast<curvature::SophiaH*>(optimizer.get());
  ASSERT_NE(sophia, nullptr);
  optimizer->init(layout);
  EXPECT_EQ(sophia->clipped_fraction(), 0.0);
  zoo::LogSpacedQuadratic f(n, -1.0, 3.0);  // curvatures 0.1 to 100
  Rng rng(9, Stream::Optimizer);
  Vec x = Vec::Constant(n, 2.0f), u(n);
  const double start = f.value(x);
  std::vector<double> fractions;
  for (int t = 1; t <= 400; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.lr = 0.05;
    ctx.layout = &layout;
    ctx.rng = &rng;
    optimizer->step(f, x, u, ctx);
    EXPECT_LE(u.cwiseAbs().maxCoeff(), 0.05f * (1 + 1e-6f)) << "step " << t;
    fractions.push_back(sophia->clipped_fraction());
    EXPECT_GE(fractions.back(), 0.0);
    EXPECT_LE(fractions.back(), 1.0);
    x += u;
  }
  std::printf("clipped fraction: step 1 %.3f, step 20 %.3f, step 100 %.3f, step 400 %.3f\n",
              fractions[0], fractions[19], fractions[99], fractions[399]);
  // First step: h is only (1 - beta2) of one estimate, so m / (rho h) is large everywhere.
  EXPECT_EQ(fractions[0], 1.0);
  // Near the minimum every coordinate takes the Newton-like step m / (rho h).
  EXPECT_EQ(fractions.back(), 0.0);
  EXPECT_LT(f.value(x), 1e-6 * start);
  // In between, part of the coordinates are clipped: the fraction is informative.
  bool partial = false;
  for (double q : fractions) partial = partial || (q > 0 && q < 1);
  EXPECT_TRUE(partial);
}

}  // namespace
}  // namespace descent
