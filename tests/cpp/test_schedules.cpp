// Schedules against their closed forms at chosen steps.
#include <gtest/gtest.h>

#include <cmath>

#include "schedule/schedule.h"

namespace descent {
namespace {

std::vector<double> sample(const std::string& name, ParamValues given, int steps, double lr = 1.0) {
  const ScheduleInfo* info = find_schedule(name);
  EXPECT_NE(info, nullptr) << name;
  ParamValues params = with_defaults(info->params, std::move(given));
  return sample_schedule(*make_schedule(*info, params, steps), lr, steps);
}

ParamValues numbers(std::map<std::string, double> values) {
  ParamValues p;
  p.numbers = std::move(values);
  return p;
}

TEST(Schedules, EveryScheduleIsCitedAndHasWarmup) {
  for (const auto& info : schedule_catalog()) {
    EXPECT_FALSE(info.citation.title.empty()) << info.name;
    EXPECT_GT(info.citation.year, 1900) << info.name;
    bool has_warmup = false;
    for (const auto& p : info.params) has_warmup |= p.name == "warmup_steps";
    EXPECT_TRUE(has_warmup) << info.name;
    // Every schedule stays within [0, lr] (but the spike, whose point is to leave it: see
    // SpikeMultipliesOnlyInsideItsWindow); all but the two that rise start at lr.
    if (info.name == "spike") continue;
    auto lr = sample(info.name, {}, 300, 0.5);
    const double first = info.name == "one_cycle" ? 0.5 / 25 : info.name == "cyclic" ? 0.05 : 0.5;
    EXPECT_NEAR(lr[0], first, 1e-12) << info.name;
    for (double v : lr) {
      EXPECT_GE(v, 0.0) << info.name;
      EXPECT_LE(v, 0.5 + 1e-12) << info.name;
    }
  }
}

// The spike: lr * multiplier on updates start .. start + length - 1, lr elsewhere; with a
// warm-up the spike's updates are counted after it.
TEST(Schedules, SpikeMultipliesOnlyInsideItsWindow) {
  auto lr = sample("spike", numbers({{"start", 40}, {"length", 3}, {"multiplier", 50}}), 100, 0.1);
  for (int t = 0; t < 100; ++t) {
    const bool inside = t == 40 || t == 41 || t == 42;
    EXPECT_NEAR(lr[t], inside ? 5.0 : 0.1, 1e-12) << t;
  }
  auto warm = sample(
      "spike", numbers({{"start", 5}, {"length", 2}, {"multiplier", 10}, {"warmup_steps", 4}}), 20);
  const double expected[] = {0.25, 0.5, 0.75, 1, 1, 1, 1, 1, 1, 10, 10, 1, 1};
  for (int t = 0; t < 13; ++t) EXPECT_NEAR(warm[t], expected[t], 1e-12) << t;
  // The defaults spike at update 100 for 5 updates by 100x.
  auto defaults = sample("spike", {}, 200);
  EXPECT_DOUBLE_EQ(defaults[99], 1.0);
  EXPECT_DOUBLE_EQ(defaults[100], 100.0);
  EXPECT_DOUBLE_EQ(defaults[104], 100.0);
  EXPECT_DOUBLE_EQ(defaults[105], 1.0);
}

TEST(Schedules, CosineEndsAtMinFactor) {
  auto lr = sample("cosine", numbers({{"min_factor", 0.1}}), 101, 2.0);
  EXPECT_DOUBLE_EQ(lr.front(), 2.0);
  EXPECT_NEAR(lr[50], 2.0 * (0.1 + 0.9 * 0.5), 1e-12);  // half way: cos(pi/2) = 0
  EXPECT_NEAR(lr.back(), 0.2, 1e-12);
}

TEST(Schedules, WarmupRisesLinearlyThenHandsOver) {
  auto lr = sample("cosine", numbers({{"warmup_steps", 10}}), 110);
  for (int t = 0; t < 10; ++t) EXPECT_NEAR(lr[t], (t + 1) / 10.0, 1e-12);
  EXPECT_NEAR(lr[10], 1.0, 1e-12);  // the cosine starts after the warm-up
  EXPECT_NEAR(lr[109], 0.0, 1e-12);
}

TEST(Schedules, StepDecayMultipliesEveryStepSize) {
  auto lr = sample("step", numbers({{"step_size", 30}, {"gamma", 0.5}}), 100);
  EXPECT_DOUBLE_EQ(lr[29], 1.0);
  EXPECT_DOUBLE_EQ(lr[30], 0.5);
  EXPECT_DOUBLE_EQ(lr[90], 0.125);
}

TEST(Schedules, ExponentialAndInverseSqrt) {
  auto e = sample("exponential", numbers({{"gamma", 0.9}}), 10);
  EXPECT_NEAR(e[3], std::pow(0.9, 3), 1e-12);
  auto r = sample("inverse_sqrt", numbers({{"timescale", 100}}), 400);
  EXPECT_NEAR(r[300], 0.5, 1e-12);
}

TEST(Schedules, WsdHoldsThenCoolsDown) {
  auto lr = sample("wsd", numbers({{"decay_fraction", 0.2}, {"min_factor", 0.0}}), 100);
  for (int t = 0; t < 80; ++t) EXPECT_DOUBLE_EQ(lr[t], 1.0);
  EXPECT_LT(lr[85], 1.0);
  EXPECT_NEAR(lr[99], 0.0, 1e-12);
  for (int t = 81; t < 100; ++t) EXPECT_LT(lr[t], lr[t - 1]);
}

TEST(Schedules, CyclicIsTriangular) {
  auto lr = sample("cyclic", numbers({{"period", 100}, {"min_factor", 0.0}}), 300);
  EXPECT_NEAR(lr[0], 0.0, 1e-12);
  EXPECT_NEAR(lr[50], 1.0, 1e-12);
  EXPECT_NEAR(lr[25], 0.5, 1e-12);
  EXPECT_NEAR(lr[100], 0.0, 1e-12);
}

TEST(Schedules, OneCyclePeaksAtPctStart) {
  auto lr = sample("one_cycle", numbers({{"pct_start", 0.25}}), 1001);
  auto peak = std::max_element(lr.begin(), lr.end()) - lr.begin();
  EXPECT_NEAR(static_cast<double>(peak), 249, 2);
  EXPECT_NEAR(lr[peak], 1.0, 1e-6);
  EXPECT_NEAR(lr.back(), 1.0 / 25 / 1e4, 1e-9);
}

TEST(Schedules, LinearReachesMinFactor) {
  auto lr = sample("linear", numbers({{"min_factor", 0.25}}), 11);
  EXPECT_NEAR(lr[5], 0.625, 1e-12);
  EXPECT_NEAR(lr[10], 0.25, 1e-12);
}

}  // namespace
}  // namespace descent
