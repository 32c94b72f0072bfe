#pragma once
// A learning-rate schedule condensed for a small picture (a run card's mini chart): a run of
// 10^6 steps should not ship 8 MB of doubles to draw 220 pixels. Condensing keeps what a
// reader sees and reads: the first and last rates exactly, and every bucket's minimum and
// maximum (so a short warm-up peak or a restart survives, however many steps fold into a
// pixel).
#include <vector>

#include "schedule/schedule.h"

namespace descent {

// At most this many points come back for the preview (plus the exact first and last rates).
inline constexpr int kSchedulePreviewPoints = 2048;

// lr * factor(t) for every step when total_steps <= max_points; otherwise the rate at step 0,
// then for each of max_points / 2 equal buckets of steps its minimum and maximum in the order
// they occur, then the rate at the last step.
std::vector<double> preview_schedule(const Schedule& schedule, double lr, int total_steps,
                                     int max_points = kSchedulePreviewPoints);

}  // namespace descent
