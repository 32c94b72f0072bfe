// Clipping under heavy-tailed gradient noise: SGD on a 2-D quadratic whose gradients carry
// symmetric alpha-stable noise (tail index 1.2, infinite variance). Every so often a draw is
// huge and plain SGD is thrown far from the minimum; it walks back, until the next one. With
// the noisy gradient clipped to norm 1 every step is at most lr long: the iterate stays in a
// small ball around the minimum, like a robust (median-like) estimate of the gradient. With
// Gaussian noise of the same scale (alpha = 2) plain SGD settles as well as the clipped one,
// and without clipping the heavy-tailed run does not: the check then fails.
#include <algorithm>
#include <cmath>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 2000;
constexpr int kWindow = 1000;  // the last steps the check measures
constexpr double kAlpha = 1.2;

nlohmann::json noisy_run(bool clip, double alpha) {
  nlohmann::json transforms = {{{"name", "heavy_tailed_noise"}, {"alpha", alpha}, {"scale", 1.0}}};
  if (clip) transforms.push_back({{"name", "clip_by_global_norm"}, {"max_norm", 1.0}});
  return {{"schema", 1},
          {"seed", 2},
          {"problem",
           {{"kind", "function"},
            {"name", "quadratic"},
            {"condition_number", 4.0},
            {"start", {2.0, 2.0}}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.05}}},
          {"transforms", transforms},
          {"steps", kSteps}};
}

// Distances of the points over the last steps from the minimum (0, 0).
std::vector<double> distances(const RunOutcome& run) {
  std::vector<double> out;
  for (const auto& row : run.rows) {
    if (row.step > kSteps - kWindow) out.push_back(std::hypot(row.x, row.y));
  }
  return out;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return MetricRow::none;
  const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[static_cast<std::size_t>(k)];
}

}  // namespace

Demo clipping_heavy_tails_demo() {
  Demo d;
  d.name = "clipping_heavy_tails";
  d.title = "Clipping under heavy-tailed noise";
  d.claim =
      "Under heavy-tailed gradient noise (alpha-stable, tail index 1.2), SGD is thrown far from "
      "the minimum again and again; the same SGD with the noisy gradient clipped to norm 1 "
      "settles near it: over the last 1000 steps its median distance to the minimum is at most "
      "0.35x plain SGD's and its 95th percentile at most 0.2x.";
  d.paper = paper("SGD with Clipping is Secretly Estimating the Median Gradient",
                  "Schaipp, Garrigos, Simsekli, Gower", 2024, "arXiv:2402.12828");
  d.runs = {{"SGD, alpha-stable noise", noisy_run(false, kAlpha)},
            {"SGD + clip, alpha-stable noise", noisy_run(true, kAlpha)}};
  d.plots = {metric_plot("Loss f(x) (log scale): plain SGD jumps at every large draw", {"loss"},
                         PlotScale::log_y),
             metric_plot("Position x", {"x"})};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "Both runs take 2000 steps of SGD (lr 0.05) on a quadratic (condition number 4) with "
      "alpha-stable noise of scale 1 added to the gradient (the clipped run then clips it to "
      "norm 1). Over the last 1000 steps: the clipped run's median distance to the minimum "
      "must be at most 0.35x plain SGD's, and its 95th percentile at most 0.2x. Measured: 0.088x "
      "and 0.047x (seeds 3 and 4: 0.15x / 0.07x, 0.27x / 0.08x). With Gaussian noise (alpha "
      "2) clipping gains far less (0.62x / 0.62x; seeds 3 and 4: 0.79x / 0.69x, 0.68x / "
      "0.56x), so the check fails without the heavy tails, as it does without the clip.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const std::vector<double> plain = distances(outs[0]);
    const std::vector<double> clipped = distances(outs[1]);
    report.require_at_most("median_distance_ratio", quantile(clipped, 0.5) / quantile(plain, 0.5),
                           0.35);
    report.require_at_most("p95_distance_ratio", quantile(clipped, 0.95) / quantile(plain, 0.95),
                           0.2);
  });
  return d;
}

}  // namespace descent
