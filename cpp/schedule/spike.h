#pragma once
// A learning-rate spike: the stress test of "Ghosts of Softmax: Complex Singularities That
// Limit Safe Step Sizes in Cross-Entropy" (2026), which injects lr spikes mid-training to
// compare step controllers. schedules.cpp appends it to its catalog (before warm-up is added).
#include "schedule/schedule.h"

namespace descent {

// factor(t) = multiplier for start <= t < start + length (t counted after any warm-up), else 1.
double spike_factor(int t, int start, int length, double multiplier);

ScheduleInfo spike_schedule_info();

}  // namespace descent
