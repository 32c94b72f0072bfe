// The zoo schedules (cpp/schedule/zoo_schedules.cpp), tested through zoo_schedules() directly
// until they are wired into the catalog.
#include <gtest/gtest.h>

#include <cmath>

#include "schedule/zoo_schedules.h"

namespace descent {
namespace {

const ScheduleInfo& zoo_schedule(const std::string& name) {
  static const std::vector<ScheduleInfo> all = zoo_schedules();
  for (const auto& s : all)
    if (s.name == name) return s;
  ADD_FAILURE() << name;
  return all.front();
}

SchedulePtr build(const std::string& name, std::map<std::string, double> numbers, int total) {
  const ScheduleInfo& info = zoo_schedule(name);
  ParamValues given;
  given.numbers = std::move(numbers);
  return info.make(with_defaults(info.params, given), total);
}

TEST(ZooSchedules, SgdrRestartsWithGrowingCycles) {
  auto s = build("sgdr", {{"t_0", 10}, {"t_mult", 2}, {"min_factor", 0.1}}, 1000);
  // Cycles start at 0, 10, 30, 70 (lengths 10, 20, 40).
  for (int start : {0, 10, 30, 70}) EXPECT_DOUBLE_EQ(s->factor(start), 1.0) << start;
  const double pi = 3.14159265358979323846;
  EXPECT_NEAR(s->factor(5), 0.1 + 0.9 * 0.5 * (1 + std::cos(pi * 5 / 10)), 1e-12);
  EXPECT_NEAR(s->factor(20), 0.1 + 0.9 * 0.5 * (1 + std::cos(pi * 10 / 20)), 1e-12);
  EXPECT_NEAR(s->factor(29), 0.1 + 0.9 * 0.5 * (1 + std::cos(pi * 19 / 20)), 1e-12);
  for (int t = 1; t < 10; ++t) EXPECT_LT(s->factor(t), s->factor(t - 1));
  for (int t = 0; t < 200; ++t) EXPECT_GE(s->factor(t), 0.1 - 1e-12);
  // t_mult = 1: period t_0.
  auto p = build("sgdr", {{"t_0", 7}}, 100);
  for (int t = 0; t < 50; ++t) EXPECT_NEAR(p->factor(t), p->factor(t + 7), 1e-12);
}

TEST(ZooSchedules, WsdSqrtCoolsDownAsOneMinusSqrt) {
  auto s = build("wsd_sqrt", {{"decay_fraction", 0.2}, {"min_factor", 0.0}}, 101);
  // 20 cooldown steps, starting at t = 81.
  for (int t = 0; t <= 80; ++t) EXPECT_DOUBLE_EQ(s->factor(t), 1.0) << t;
  EXPECT_DOUBLE_EQ(s->factor(81), 1.0);
  EXPECT_NEAR(s->factor(81 + 19), 0.0, 1e-12);
  const double mid = 1 - std::sqrt(4.0 / 19.0);
  EXPECT_NEAR(s->factor(85), mid, 1e-12);
  // Below the linear cooldown of plain wsd everywhere inside the cooldown.
  for (int t = 82; t < 100; ++t) EXPECT_LT(s->factor(t), 1 - (t - 81) / 19.0) << t;
  auto floor = build("wsd_sqrt", {{"decay_fraction", 0.5}, {"min_factor", 0.2}}, 40);
  EXPECT_NEAR(floor->factor(39), 0.2, 1e-12);
}

TEST(ZooSchedules, EntriesAreComplete) {
  for (const auto& s : zoo_schedules()) {
    EXPECT_FALSE(s.title.empty() || s.description.empty() || s.citation.title.empty()) << s.name;
    EXPECT_NE(s.name, "cosine");
  }
}

}  // namespace
}  // namespace descent
