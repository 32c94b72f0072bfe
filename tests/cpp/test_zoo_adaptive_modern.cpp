// The adaptive family's second wave: ADOPT, Adan, MARS and LaProp. Each catalog optimizer
// runs in lockstep with its plain reference (tests/reference/adaptive/) on 2-D functions and
// on the 2-8-8-3 network; then each method's defining property is checked.
//
// Tolerance: 1e-4 relative (float32 core against references keeping their state in double,
// 60-100 steps), as for the rest of the family. MARS's per-tensor clip ||c|| > 1 is a switch;
// the runs below either stay on one side of it or cross it far from the threshold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include "tests/cpp/zoo_direct.h"
#include "tests/reference/adaptive/adan.h"
#include "tests/reference/adaptive/adopt.h"
#include "tests/reference/adaptive/laprop.h"
#include "tests/reference/adaptive/mars.h"

namespace descent {
namespace {

using json = nlohmann::json;

constexpr double kTol = 1e-4;

void expect_lockstep(const json& optimizer,
                     const std::function<std::unique_ptr<zoo::ReferenceOptimizer>()>& make_ref,
                     int steps, const std::vector<zoo::Problem>& problems,
                     const json& extra = json::object()) {
  for (const auto& problem : problems) {
    auto ref = make_ref();
    auto result = zoo::compare(problem, optimizer, *ref, steps, extra);
    for (float v : result.reference_final) ASSERT_TRUE(std::isfinite(v)) << optimizer.dump();
    EXPECT_EQ(result.steps, steps) << optimizer.dump() << " on " << problem.name;
    EXPECT_LT(result.max_relative_deviation, kTol) << optimizer.dump() << " on " << problem.name;
    if (std::getenv("ZOO_VERBOSE"))
      std::printf("%-90s %-10s %.3g\n", optimizer.dump().c_str(), problem.name.c_str(),
                  result.max_relative_deviation);
  }
}

template <class T, class... Args>
std::function<std::unique_ptr<zoo::ReferenceOptimizer>()> ref(Args... args) {
  return [=]() { return std::make_unique<T>(args...); };
}

using zoo::vec;

// ---------------------------------------------------------------------------------------------
// ADOPT

TEST(ZooAdaptiveModern, AdoptMatchesItsReference) {
  expect_lockstep({{"name", "adopt"}}, ref<reference::Adopt>(0.9, 0.9999, 1e-6), 100,
                  {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "adopt"}, {"lr", 0.01}, {"beta2", 0.99}, {"weight_decay", 0.01}},
                  ref<reference::Adopt>(0.9, 0.99, 1e-6, 0.01, false), 100,
                  {zoo::quadratic(), zoo::network()}, {{"schedule", {{"name", "cosine"}}}});
  expect_lockstep({{"name", "adopt"}, {"lr", 0.01}, {"weight_decay", 0.1}, {"decoupled", true}},
                  ref<reference::Adopt>(0.9, 0.9999, 1e-6, 0.1, true), 100, {zoo::network()});
}

// Reddi, Kale and Kumar's counterexample (the gallery's adam_nonconvergence setting: beta1 0,
// beta2 = 1/(1 + C^2) = 0.1, step sizes 0.5/sqrt(t), x projected onto [-1, 1]): Adam drifts
// to +1, ADOPT with the same beta2 converges to the optimum -1, as its theory says (any beta2).
TEST(ZooAdaptiveModern, AdoptConvergesOnReddisCounterexampleWhereAdamDoesNot) {
  auto online = [](json optimizer) {
    return json{{"schema", 1},
                {"seed", 0},
                {"problem",
                 {{"kind", "function"},
                  {"name", "adam_counterexample"},
                  {"c", 3.0},
                  {"start", {0.0, 0.0}}}},
                {"optimizer", optimizer},
                {"schedule", {{"name", "inverse_sqrt"}, {"timescale", 1}}},
                {"steps", 600}};
  };
  auto final_x = [](const json& config) {
    RunConfig c = zoo::parse_or_fail(config);
    descent::Run run(c);
    run.step(c.steps);
    EXPECT_EQ(run.status(), RunStatus::Ok) << run.message();
    return static_cast<double>(run.params()[0]);
  };
  const json common = {{"lr", 0.5}, {"beta1", 0.0}, {"beta2", 0.1}, {"eps", 1e-8}};
  json adam = common, adopt = common;
  adam["name"] = "adam";
  adopt["name"] = "adopt";
  EXPECT_GT(final_x(online(adam)), 0.9);
  EXPECT_LT(final_x(online(adopt)), -0.9);
  // And with momentum and ADOPT's own beta2.
  EXPECT_LT(final_x(online({{"name", "adopt"}, {"lr", 0.5}})), -0.9);
}

// ---------------------------------------------------------------------------------------------
// Adan

TEST(ZooAdaptiveModern, AdanMatchesItsReference) {
  expect_lockstep({{"name", "adan"}, {"lr", 0.01}}, ref<reference::Adan>(0.98, 0.92, 0.99, 1e-8),
                  100, {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "adan"}, {"lr", 0.01}, {"weight_decay", 0.05}},
                  ref<reference::Adan>(0.98, 0.92, 0.99, 1e-8, 0.05, false), 100,
                  {zoo::quadratic(), zoo::network()}, {{"schedule", {{"name", "cosine"}}}});
  expect_lockstep({{"name", "adan"},
                   {"lr", 0.01},
                   {"beta1", 0.9},
                   {"beta2", 0.8},
                   {"beta3", 0.999},
                   {"weight_decay", 0.05},
                   {"no_prox", true}},
                  ref<reference::Adan>(0.9, 0.8, 0.999, 1e-8, 0.05, true), 100, {zoo::network()});
}

// Adan's Nesterov momentum without the look-ahead gradient: on a quadratic the gradient
// difference is exact, g(x_t + b (x_t - x_{t-1})) = g_t + b (g_t - g_{t-1}), so Adan with
// beta1 = beta2 = b is Adam (beta1 = b, beta2 = Adan's beta3) fed the gradients at the
// look-ahead points x_t + b (x_t - x_{t-1}). Checked step by step over 150 steps.
TEST(ZooAdaptiveModern, AdanIsAdamWithLookAheadGradientsOnAQuadratic) {
  const Vec a = vec({1.0f, 10.0f, 0.3f});
  const Vec c = vec({1.0f, -2.0f, 0.5f});
  const Vec start = vec({-1.0f, 1.0f, 3.0f});
  const double b = 0.9, b3 = 0.99, lr = 0.1;
  zoo::Direct adan("adan", {{"beta1", b}, {"beta2", b}, {"beta3", b3}, {"eps", 1e-8}}, start);
  zoo::Direct adam("adam", {{"beta1", b}, {"beta2", b3}, {"eps", 1e-8}}, start);
  zoo::Direct adam_plain("adam", {{"beta1", b}, {"beta2", b3}, {"eps", 1e-8}}, start);
  zoo::TestObjective plain, look_ahead, plain2;
  plain.fn = zoo::separable_quadratic(a, c);
  Vec previous = start;
  look_ahead.fn = [&](ConstVecRef p, VecRef g) {
    const Vec ahead = p + static_cast<Scalar>(b) * (p - previous);
    previous = p;
    return plain.fn(ahead, g);
  };
  plain2.fn = plain.fn;
  double largest_move = 0, largest_gap_to_plain_adam = 0;
  for (int k = 1; k <= 150; ++k) {
    adan.step(plain, lr);
    adam.step(look_ahead, lr);
    ASSERT_LT((adan.params - adam.params).norm(), 1e-4 * (1 + adam.params.norm())) << "step " << k;
    largest_move = std::max(largest_move, static_cast<double>((adan.params - start).norm()));
    adam_plain.step(plain2, lr);
    largest_gap_to_plain_adam = std::max(
        largest_gap_to_plain_adam, static_cast<double>((adam_plain.params - adan.params).norm()));
  }
  EXPECT_GT(largest_move, 1.0);  // the runs went somewhere
  // Without the look-ahead (plain Adam on the same gradients) the path is another one.
  EXPECT_GT(largest_gap_to_plain_adam, 0.03);  // measured 0.061
  if (std::getenv("ZOO_VERBOSE"))
    std::printf("gap to plain Adam %.3g\n", largest_gap_to_plain_adam);
}

// ---------------------------------------------------------------------------------------------
// MARS

TEST(ZooAdaptiveModern, MarsMatchesItsReference) {
  expect_lockstep({{"name", "mars"}}, ref<reference::Mars>(0.95, 0.99, 1e-8, 0.025), 100,
                  {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "mars"}, {"lr", 0.01}, {"gamma", 0.5}, {"weight_decay", 0.01}},
                  ref<reference::Mars>(0.95, 0.99, 1e-8, 0.5, 0.01), 100,
                  {zoo::quadratic(), zoo::network()}, {{"schedule", {{"name", "cosine"}}}});
}

// The variance-reduction correction cancels the momentum's lag: with gamma = 1 and exact
// gradients, m_t = g_t (m - g is only ever multiplied by beta1, from m_1 = g_1). A gradient
// that flips sign after 40 steps is followed at once, while gamma = 0 (AdamW on the same
// clipped gradients) keeps moving the old way for about 12 steps (0.95^k = 0.01 / 0.0187).
TEST(ZooAdaptiveModern, MarsCorrectionRemovesTheMomentumLag) {
  auto flipped_steps = [](double gamma) {
    zoo::Direct d("mars", {{"gamma", gamma}, {"beta1", 0.95}}, vec({0.0f}));
    zoo::TestObjective f;
    f.fn = [&f](ConstVecRef, VecRef g) {
      g[0] = f.gradient_calls <= 40 ? 0.01f : -0.01f;  // calls counted before fn runs
      return 0.0;
    };
    int wrong_way = 0;
    for (int k = 1; k <= 60; ++k) {
      d.step(f, 1e-3);
      const double expected_sign = k <= 40 ? -1.0 : 1.0;  // descend: against the gradient
      if (d.update[0] * expected_sign <= 0) ++wrong_way;
    }
    return wrong_way;
  };
  EXPECT_EQ(flipped_steps(1.0), 0);
  EXPECT_GE(flipped_steps(0.0), 8);
}

// ---------------------------------------------------------------------------------------------
// LaProp

TEST(ZooAdaptiveModern, LapropMatchesItsReference) {
  expect_lockstep({{"name", "laprop"}, {"lr", 0.01}}, ref<reference::LaProp>(0.9, 0.999, 1e-15),
                  100, {zoo::rosenbrock(), zoo::network()});
  // A schedule (the bias correction follows the rates seen) and decay.
  expect_lockstep({{"name", "laprop"}, {"lr", 0.01}, {"beta1", 0.8}, {"weight_decay", 1e-3}},
                  ref<reference::LaProp>(0.8, 0.999, 1e-15, 1e-3), 100,
                  {zoo::quadratic(), zoo::network()},
                  {{"schedule", {{"name", "cosine"}, {"warmup_steps", 10}}}});
}

// Momentum over normalised steps: every update is at most lr / sqrt(1 - beta2) per
// coordinate, for any beta1 and beta2. With beta1 = 0.99 > beta2 = 0.9, after large
// gradients turn tiny, Adam's m / sqrt(v) blows up (v forgets faster than m); LaProp's does
// not.
TEST(ZooAdaptiveModern, LapropUpdatesStayBoundedWhereAdamsExplode) {
  const double lr = 0.01, beta1 = 0.99, beta2 = 0.9;
  const double bound = lr / std::sqrt(1 - beta2);
  auto largest_update = [&](const std::string& name) {
    zoo::Direct d(name, {{"lr", lr}, {"beta1", beta1}, {"beta2", beta2}, {"eps", 1e-15}},
                  vec({0.0f}));
    zoo::TestObjective f;
    f.fn = [&f](ConstVecRef, VecRef g) {
      g[0] = f.gradient_calls <= 50 ? 1.0f : 1e-4f;
      return 0.0;
    };
    double largest = 0;
    for (int k = 1; k <= 200; ++k) {
      d.step(f, lr);
      largest = std::max(largest, std::abs(static_cast<double>(d.update[0])));
    }
    return largest;
  };
  EXPECT_LE(largest_update("laprop"), bound * (1 + 1e-5));
  EXPECT_GT(largest_update("adam"), 5 * bound);
}

}  // namespace
}  // namespace descent
