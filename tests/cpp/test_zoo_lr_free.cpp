// The learning-rate-free optimizers of the step_size family: Prodigy, D-Adapted Adam and
// D-Adapted SGD. Each runs in lockstep with its plain reference (tests/reference/step_size/)
// on 2-D functions and on the 2-8-8-3 network; then the defining property: the estimate d
// rises monotonically from any tiny d0 to the scale of the distance to the solution.
//
// Tolerance: 1e-4 relative (float32 core, references in double, 60-100 steps). d is a
// running maximum of a ratio of sums accumulated in double in both.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include "optim/optimizers/step_size/learning_rate_free.h"
#include "tests/cpp/zoo_direct.h"
#include "tests/reference/step_size/dadapt_adam.h"
#include "tests/reference/step_size/dadapt_sgd.h"
#include "tests/reference/step_size/prodigy.h"

namespace descent {
namespace {

using json = nlohmann::json;

constexpr double kTol = 1e-4;

void expect_lockstep(const json& optimizer, zoo::ReferenceOptimizer& reference, int steps,
                     const zoo::Problem& problem, const json& extra = json::object()) {
  auto result = zoo::compare(problem, optimizer, reference, steps, extra);
  for (float v : result.reference_final) ASSERT_TRUE(std::isfinite(v)) << optimizer.dump();
  EXPECT_EQ(result.steps, steps) << optimizer.dump() << " on " << problem.name;
  EXPECT_LT(result.max_relative_deviation, kTol) << optimizer.dump() << " on " << problem.name;
  if (std::getenv("ZOO_VERBOSE"))
    std::printf("%-80s %-10s %.3g\n", optimizer.dump().c_str(), problem.name.c_str(),
                result.max_relative_deviation);
}

// On Rosenbrock d passes 0.02 after ~60 steps and the valley then amplifies rounding
// differences (1.1e-4 after 100 steps): 60 steps there, 100 elsewhere.
TEST(ZooLearningRateFree, ProdigyMatchesItsReference) {
  for (const auto& problem : {zoo::quadratic(), zoo::network()}) {
    reference::Prodigy ref(0.9, 0.999, 1e-8, 1e-6);
    expect_lockstep({{"name", "prodigy"}}, ref, 100, problem);
  }
  {
    reference::Prodigy ref(0.9, 0.999, 1e-8, 1e-6);
    expect_lockstep({{"name", "prodigy"}}, ref, 60, zoo::rosenbrock());
  }
  reference::Prodigy ref(0.9, 0.99, 1e-8, 1e-4, 0.5, 0.01);
  expect_lockstep(
      {{"name", "prodigy"}, {"beta2", 0.99}, {"d0", 1e-4}, {"d_coef", 0.5}, {"weight_decay", 0.01}},
      ref, 80, zoo::network(), {{"schedule", {{"name", "cosine"}}}});
}

// At lr 1 on the network d reaches 0.53 within 10 steps: Adam with a per-coordinate step of
// 0.5 on a tanh network is chaotic, and the two trajectories (5e-7 apart after 10 steps)
// separate after ~20. The network runs use the multiplier lr 0.1 and 0.05 instead, where d
// still grows from 1e-6 to 0.2 (respectively 3e-4 with decay and cosine).
TEST(ZooLearningRateFree, DAdaptAdamMatchesItsReference) {
  for (const auto& problem : {zoo::rosenbrock(), zoo::quadratic()}) {
    reference::DAdaptAdam ref(0.9, 0.999, 1e-8, 1e-6);
    expect_lockstep({{"name", "dadapt_adam"}}, ref, 100, problem);
  }
  {
    reference::DAdaptAdam ref(0.9, 0.999, 1e-8, 1e-6);
    expect_lockstep({{"name", "dadapt_adam"}, {"lr", 0.1}}, ref, 100, zoo::network());
  }
  {
    reference::DAdaptAdam ref(0.9, 0.999, 1e-8, 1e-6, 0.01, false);
    expect_lockstep({{"name", "dadapt_adam"}, {"lr", 0.05}, {"weight_decay", 0.01}}, ref, 80,
                    zoo::network(), {{"schedule", {{"name", "cosine"}}}});
  }
  {
    reference::DAdaptAdam ref(0.8, 0.99, 1e-8, 1e-5, 0.05, true);
    expect_lockstep({{"name", "dadapt_adam"},
                     {"beta1", 0.8},
                     {"beta2", 0.99},
                     {"d0", 1e-5},
                     {"weight_decay", 0.05},
                     {"decouple", true}},
                    ref, 80, zoo::network());
  }
}

TEST(ZooLearningRateFree, DAdaptSgdMatchesItsReference) {
  for (const auto& problem : {zoo::booth(), zoo::quadratic(), zoo::network()}) {
    reference::DAdaptSgd ref(0.0, 1e-6);
    expect_lockstep({{"name", "dadapt_sgd"}}, ref, 100, problem);
  }
  // lr 0.2: at 1 the momentum run turns chaotic on the network as D-Adapt Adam's does.
  reference::DAdaptSgd ref(0.9, 1e-6, 1e-3);
  expect_lockstep({{"name", "dadapt_sgd"}, {"lr", 0.2}, {"momentum", 0.9}, {"weight_decay", 1e-3}},
                  ref, 80, zoo::network(), {{"schedule", {{"name", "cosine"}}}});
}

// d from a tiny d0: on f(x) = 1/2 sum a_i (x_i - x*_i)^2 from x0 = 0 with x* = D u (u a fixed
// direction, ||u|| = 1, entries +-1/2), d never decreases, and ends at the scale of D
// whatever d0 (1e-10 .. 1e-4): for D = 1 and D = 100 alike, so it tracks the distance and
// not the gradient scale (which grows with D too). D-Adapted SGD's d is moreover a lower
// bound on D (the paper's guarantee for its dual-averaging form).
TEST(ZooLearningRateFree, DRisesMonotonicallyToTheDistanceScale) {
  const Vec a = (Vec(4) << 1.0f, 3.0f, 0.5f, 2.0f).finished();
  const Vec u = (Vec(4) << 0.5f, -0.5f, 0.5f, -0.5f).finished();
  for (const std::string name : {"prodigy", "dadapt_adam", "dadapt_sgd"}) {
    for (double distance : {1.0, 100.0}) {
      for (double d0 : {1e-10, 1e-6, 1e-4}) {
        zoo::Direct run(name, {{"d0", d0}}, Vec::Zero(4));
        const auto* lr_free = dynamic_cast<const LearningRateFree*>(run.optimizer.get());
        ASSERT_NE(lr_free, nullptr) << name;
        EXPECT_EQ(lr_free->d_estimate(), d0);
        zoo::TestObjective f;
        f.fn = zoo::separable_quadratic(a, static_cast<Scalar>(distance) * u);
        double previous = d0;
        for (int k = 1; k <= 400; ++k) {
          run.step(f, 1.0);
          const double d = lr_free->d_estimate();
          ASSERT_GE(d, previous) << name << " step " << k;
          previous = d;
        }
        const double ratio = previous / distance;
        if (std::getenv("ZOO_VERBOSE"))
          std::printf("%-12s D %-5g d0 %-6g d/D %.4g  |x - x*|/D %.3g\n", name.c_str(), distance,
                      d0, ratio,
                      (run.params - static_cast<Scalar>(distance) * u).norm() / distance);
        EXPECT_GT(ratio, 0.1) << name << " D " << distance << " d0 " << d0;
        EXPECT_LT(ratio, 10.0) << name << " D " << distance << " d0 " << d0;
        if (name == "dadapt_sgd") {
          EXPECT_LE(ratio, 1.0) << "a lower bound on D";
        }
      }
    }
  }
}

}  // namespace
}  // namespace descent
