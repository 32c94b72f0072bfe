// Adam's non-convergence on Reddi, Kale and Kumar's online counterexample: the losses
// f_t(x) = C x (t mod 3 == 1) and -x (otherwise) on [-1, 1] average to (C - 2)/3 x, best at
// x = -1. With beta1 = 0 and beta2 = 1/(1 + C^2), Adam's second moment forgets the rare
// gradient C within a round or two, so the two small gradients get nearly full-size steps and
// the iterate drifts to +1, where the average regret stays near 2 (C - 2)/3. AMSGrad keeps
// the maximum second moment and converges to -1.
#include <cmath>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr double kC = 3.0;
constexpr double kBeta2 = 1.0 / (1.0 + kC * kC);  // the paper's Theorem 1 setting: 0.1
constexpr int kSteps = 600;

nlohmann::json online_run(nlohmann::json optimizer) {
  return {
      {"schema", 1},
      {"seed", 0},
      {"problem",
       {{"kind", "function"}, {"name", "adam_counterexample"}, {"c", kC}, {"start", {0.0, 0.0}}}},
      {"optimizer", std::move(optimizer)},
      // alpha_t = alpha / sqrt(t), the step sizes of the paper's analysis
      {"schedule", {{"name", "inverse_sqrt"}, {"timescale", 1}}},
      {"steps", kSteps}};
}

nlohmann::json adam(bool amsgrad) {
  return {{"name", "adam"},  {"lr", 0.5},   {"beta1", 0.0},
          {"beta2", kBeta2}, {"eps", 1e-8}, {"amsgrad", amsgrad}};
}

double round_slope(int t) { return t % 3 == 1 ? kC : -1.0; }

// Average regret after T rounds, (sum_t f_t(x_t) - min_x sum_t f_t(x)) / T, from the logged
// iterates: round t is played at the point logged after step t - 1.
double average_regret(const std::vector<MetricRow>& rows, int rounds) {
  const std::vector<double> x = column(rows, "x");
  double played = 0.0, total_slope = 0.0;
  for (int t = 1; t <= rounds; ++t) {
    played += round_slope(t) * x.at(static_cast<std::size_t>(t - 1));
    total_slope += round_slope(t);
  }
  const double best = -std::abs(total_slope);  // the best fixed x in [-1, 1] is -sign(slope)
  return (played - best) / rounds;
}

}  // namespace

Demo adam_nonconvergence_demo() {
  Demo d;
  d.name = "adam_nonconvergence";
  d.title = "Adam fails on a simple convex problem; AMSGrad does not";
  d.claim =
      "On the online losses C x (every third step) and -x on [-1, 1], whose best point is "
      "x = -1, Adam with beta1 = 0 and beta2 = 1/(1 + C^2) drifts to x = +1 and its average "
      "regret does not vanish, while AMSGrad and SGD converge to -1.";
  d.paper = paper("On the Convergence of Adam and Beyond", "Reddi, Kale, Kumar", 2018, "ICLR 2018");
  d.runs = {{"Adam (beta1 0, beta2 1/(1+C^2))", online_run(adam(false))},
            {"AMSGrad (same settings)", online_run(adam(true))},
            {"SGD", online_run({{"name", "sgd"}, {"lr", 0.5}})}};
  d.plots = {metric_plot("Iterate x (optimum at -1)", {"x"}),
             metric_plot("Average loss (C - 2)/3 x at the iterate", {"loss"})};
  d.live_controls = {"optimizer.beta2", "optimizer.amsgrad", "optimizer.lr", "problem.c"};
  d.check_description =
      "Final iterate of each run after 600 rounds (step sizes 0.5/sqrt(t), projected onto "
      "[-1, 1]); average regret after 600 rounds, computed from the logged iterates against "
      "the best fixed point, and Adam's average regret at 600 against at 300 (it does not "
      "shrink).";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome &adam_out = outs[0], &ams_out = outs[1], &sgd_out = outs[2];
    report.require_at_least("adam_final_x", adam_out.last().x, 0.9);
    const double adam_regret = average_regret(adam_out.rows, kSteps);
    report.require_at_least("adam_average_regret", adam_regret, 0.5);
    report.require_at_least("adam_regret_600_over_300",
                            adam_regret / average_regret(adam_out.rows, kSteps / 2), 0.95);
    report.require_at_most("amsgrad_final_x", ams_out.last().x, -0.9);
    report.require_at_most("amsgrad_average_regret", average_regret(ams_out.rows, kSteps), 0.15);
    report.require_at_most("sgd_final_x", sgd_out.last().x, -0.9);
  });
  return d;
}

}  // namespace descent
