// The condensed schedule preview against the full per-step sample: what a reader of the run
// card sees (first and last rate, lowest and highest) is exact, every point is a real step's
// rate in step order, and a long run ships a bounded number of points.
#include <gtest/gtest.h>

#include <algorithm>

#include "schedule/preview.h"

namespace descent {
namespace {

struct Sampled {
  std::vector<double> full;
  std::vector<double> preview;
};

Sampled sample_both(const ScheduleInfo& info, ParamValues given, int steps, double lr) {
  ParamValues params = with_defaults(info.params, std::move(given));
  auto schedule = make_schedule(info, params, steps);
  return {sample_schedule(*schedule, lr, steps), preview_schedule(*schedule, lr, steps)};
}

// Whether `part` can be read off `whole` left to right (each point a later or the same step).
bool is_ordered_selection(const std::vector<double>& part, const std::vector<double>& whole) {
  std::size_t at = 0;
  for (double v : part) {
    while (at < whole.size() && whole[at] != v) ++at;
    if (at == whole.size()) return false;
  }
  return true;
}

TEST(SchedulePreview, ShortRunsPreviewEveryStep) {
  for (const auto& info : schedule_catalog()) {
    if (info.needs_feedback) continue;
    Sampled s = sample_both(info, {}, kSchedulePreviewPoints, 0.3);
    EXPECT_EQ(s.preview, s.full) << info.name;
  }
}

TEST(SchedulePreview, LongRunsKeepEndsExtremesAndOrder) {
  constexpr int kSteps = 200'003;  // not a multiple of the bucket count
  for (const auto& info : schedule_catalog()) {
    if (info.needs_feedback) continue;
    ParamValues given;
    given.numbers["warmup_steps"] = 7;  // a peak far shorter than one bucket
    Sampled s = sample_both(info, given, kSteps, 0.3);
    ASSERT_EQ(s.full.size(), static_cast<std::size_t>(kSteps));
    EXPECT_EQ(s.preview.size(), static_cast<std::size_t>(kSchedulePreviewPoints + 2)) << info.name;
    EXPECT_EQ(s.preview.front(), s.full.front()) << info.name;
    EXPECT_EQ(s.preview.back(), s.full.back()) << info.name;
    EXPECT_EQ(*std::max_element(s.preview.begin(), s.preview.end()),
              *std::max_element(s.full.begin(), s.full.end()))
        << info.name;
    EXPECT_EQ(*std::min_element(s.preview.begin(), s.preview.end()),
              *std::min_element(s.full.begin(), s.full.end()))
        << info.name;
    EXPECT_TRUE(is_ordered_selection(s.preview, s.full)) << info.name;
  }
}

TEST(SchedulePreview, AFewStepSpikeInAMillionStepsShows) {
  const ScheduleInfo* spike = find_schedule("spike");
  ASSERT_NE(spike, nullptr);
  ParamValues given;
  given.numbers = {{"start", 654'321}, {"length", 3}, {"multiplier", 50}};
  Sampled s = sample_both(*spike, given, 1'000'000, 0.01);
  EXPECT_DOUBLE_EQ(*std::max_element(s.preview.begin(), s.preview.end()), 0.5);
  // Plain every-k-th sampling at the same budget would miss it.
  const std::size_t stride = s.full.size() / kSchedulePreviewPoints;
  double strided_max = 0;
  for (std::size_t t = 0; t < s.full.size(); t += stride)
    strided_max = std::max(strided_max, s.full[t]);
  EXPECT_LT(strided_max, 0.5);
}

}  // namespace
}  // namespace descent
