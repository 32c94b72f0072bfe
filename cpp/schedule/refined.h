#pragma once
// The refined schedule ("When, Why and How Much? Adaptive Learning Rate Scheduling by
// Refinement", Defazio, Cutkosky, Mehta, Mishchenko, 2023, Algorithm 1, schedule refinement
// for SGD): from the gradient norms G of a previous run,
//   G^ = median_filter(G, width tau T, padding nearest at the start, reflect at the end),
//   w_t = G^_t^-2 sum_{p=t+1}^{T} G^_p^2,   factor_t = w_t / max_s w_s.
// For constant norms w_t is proportional to T - t: the worst-case optimal linear decay.
#include <vector>

#include "schedule/schedule.h"

namespace descent {

// The previous run's series is at most this long: a share link carries it.
constexpr int kMaxRefineNorms = 1000;

// Running median of odd width `width` (even widths are rounded up). Out-of-range indices
// read x[0] before the start ("nearest") and x[2(n-1) - k] after the end ("reflect", the
// edge not repeated). Ties in the window are fine: the median of an odd count is an element.
std::vector<double> median_filter(const std::vector<double>& x, int width);

// x sampled at `count` points evenly spread over the same span (linear interpolation); the
// first and last points are x's first and last.
std::vector<double> resample(const std::vector<double>& x, int count);

// The refined factors for a run of total_steps updates from a previous run's gradient norms
// (evenly spaced over that run), smoothing = tau (filter width as a fraction of the series).
std::vector<double> refined_factors(const std::vector<double>& norms, double smoothing,
                                    int total_steps);

std::vector<ScheduleInfo> refined_schedules();

}  // namespace descent
