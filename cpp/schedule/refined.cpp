// refined: the schedule refinement of Defazio et al. (2023), Algorithm 1 (see refined.h).
// The factors are computed once when the run starts (a pure function of the config, so the
// preview shows them); the suffix sums run from the end in double, a fixed order.
#include "schedule/refined.h"

#include <algorithm>
#include <cmath>

namespace descent {
namespace {

class TableSchedule final : public Schedule {
 public:
  explicit TableSchedule(std::vector<double> factors) : factors_(std::move(factors)) {}
  double factor(int t) const override {
    if (factors_.empty()) return 1.0;
    return factors_[static_cast<std::size_t>(
        std::clamp(t, 0, static_cast<int>(factors_.size()) - 1))];
  }

 private:
  std::vector<double> factors_;
};

}  // namespace

std::vector<double> median_filter(const std::vector<double>& x, int width) {
  const int n = static_cast<int>(x.size());
  if (n == 0) return {};
  const int half = std::max(0, width) / 2;  // width 2h or 2h+1 -> window 2h+1
  auto at = [&](int k) {
    if (k < 0) return x[0];                        // nearest
    if (k >= n) k = std::max(0, 2 * (n - 1) - k);  // reflect
    return x[static_cast<std::size_t>(std::min(k, n - 1))];
  };
  std::vector<double> out(x.size()), window(2 * static_cast<std::size_t>(half) + 1);
  for (int i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < window.size(); ++j) {
      window[j] = at(i + static_cast<int>(j) - half);
    }
    std::nth_element(window.begin(), window.begin() + half, window.end());
    out[static_cast<std::size_t>(i)] = window[static_cast<std::size_t>(half)];
  }
  return out;
}

std::vector<double> resample(const std::vector<double>& x, int count) {
  std::vector<double> out(static_cast<std::size_t>(std::max(0, count)));
  const int n = static_cast<int>(x.size());
  if (n == 0 || count <= 0) return out;
  for (int t = 0; t < count; ++t) {
    if (n == 1 || count == 1) {
      out[static_cast<std::size_t>(t)] = x[0];
      continue;
    }
    const double u = static_cast<double>(t) * (n - 1) / (count - 1);
    const int k = std::min(static_cast<int>(u), n - 2);
    const double frac = u - k;
    out[static_cast<std::size_t>(t)] =
        x[static_cast<std::size_t>(k)] * (1 - frac) + x[static_cast<std::size_t>(k) + 1] * frac;
  }
  return out;
}

std::vector<double> refined_factors(const std::vector<double>& norms, double smoothing,
                                    int total_steps) {
  const int n = static_cast<int>(norms.size());
  const int width = static_cast<int>(std::lround(smoothing * n));
  const std::vector<double> g = resample(median_filter(norms, width), total_steps);
  std::vector<double> w(g.size());
  double tail = 0.0;  // sum_{p > t} g_p^2
  double top = 0.0;
  for (int t = total_steps - 1; t >= 0; --t) {
    const double gt = g[static_cast<std::size_t>(t)];
    w[static_cast<std::size_t>(t)] = tail / (gt * gt);
    top = std::max(top, w[static_cast<std::size_t>(t)]);
    tail += gt * gt;
  }
  if (!(top > 0.0) || !std::isfinite(top)) return std::vector<double>(g.size(), 1.0);
  for (double& v : w) v /= top;
  return w;
}

std::vector<ScheduleInfo> refined_schedules() {
  ScheduleInfo refined;
  refined.name = "refined";
  refined.title = "Refined from a previous run";
  refined.description =
      "A schedule computed from a previous run's gradient norms g_t: after a median filter, "
      "lr_t is proportional to g_t^-2 times the sum of g_p^2 over the steps after t, scaled "
      "to peak at lr. Shows warm-up and a fast final decay where the norms call for them; "
      "constant norms give linear decay. Make it with \"Refine\" on a finished run.";
  refined.citation = {"When, Why and How Much? Adaptive Learning Rate Scheduling by Refinement",
                      "Defazio, Cutkosky, Mehta, Mishchenko", 2023, "arXiv:2310.07831"};
  refined.params = {
      series("grad_norms", 2, kMaxRefineNorms, 1e-30, 1e30,
             "The previous run's gradient norms, evenly spaced over that run (its grad_norm "
             "column, averaged down to at most 1000 values)."),
      real("smoothing", 0.05, 0.0, 0.5,
           "Median-filter width as a fraction of the series (tau in the paper); 0: none."),
  };
  refined.make = [](const ParamValues& p, int total) -> SchedulePtr {
    return std::make_unique<TableSchedule>(
        refined_factors(p.get_series("grad_norms"), p.get("smoothing"), total));
  };
  std::vector<ScheduleInfo> c;
  c.push_back(std::move(refined));
  return c;
}

}  // namespace descent
