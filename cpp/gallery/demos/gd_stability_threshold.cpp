// Gradient descent's stability threshold on a quadratic: with largest curvature L, a step
// lr multiplies the error along the steepest direction by 1 - lr L each step, so the run
// converges exactly while lr < 2 / L and diverges above it. Measured (seed 7, condition
// number 10, so curvatures 1 and 0.1): lr 1.0 and 1.9 contract by 0.900 per step (the flat
// direction's 1 - 0.1 lr and the steep one's |1 - 1.9| are both 0.9 or less); lr 2.5 grows by
// 1.500 per step and diverges at step 108.
#include <cmath>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr double kKappa = 10.0;  // curvatures L = 1 and mu = 1 / kappa

nlohmann::json quadratic_run(double lr) {
  return {{"schema", 1},
          {"seed", 7},
          {"problem",
           {{"kind", "function"},
            {"name", "quadratic"},
            {"condition_number", kKappa},
            {"angle", 30.0}}},
          {"optimizer", {{"name", "sgd"}, {"lr", lr}}},
          {"steps", 300}};
}

// The theory: the slowest of |1 - lr L| and |1 - lr mu|.
double predicted_factor(double lr) {
  return std::fmax(std::fabs(1.0 - lr), std::fabs(1.0 - lr / kKappa));
}

}  // namespace

Demo gd_stability_threshold_demo() {
  Demo d;
  d.name = "gd_stability_threshold";
  d.title = "A learning rate that is too high";
  d.claim =
      "On a quadratic with largest curvature L = 1, gradient descent converges while lr < 2/L "
      "(lr 1.0 smoothly, lr 1.9 zig-zagging, both contracting by 0.9 per step) and diverges "
      "above it (lr 2.5 grows by |1 - 2.5| = 1.5 per step), as the linear analysis predicts.";
  d.paper = paper("Introductory Lectures on Convex Optimization: A Basic Course", "Nesterov", 2004,
                  "Kluwer");
  d.runs = {
      {"lr 1.0", quadratic_run(1.0)},
      {"lr 1.9 (zig-zag)", quadratic_run(1.9)},
      {"lr 2.5 (diverges)", quadratic_run(2.5)},
  };
  d.plots = {metric_plot("Loss (log scale): the run above 2/L climbs until it diverges", {"loss"},
                         PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "problem.condition_number"};
  d.check_description =
      "Measures each run's per-step factor from the loss over steps 50..100 and compares it with "
      "max(|1 - lr L|, |1 - lr mu|) (within 0.01); the runs below 2/L must finish, the one above "
      "must diverge.";
  d.check = [](const Demo& demo) {
    ClaimReport report;
    const char* names[] = {"lr_1.0", "lr_1.9", "lr_2.5"};
    const int diverges[] = {0, 0, 1};  // the claim: only the run above 2/L diverges
    const std::vector<RunOutcome> outs = run_all(demo);
    for (std::size_t i = 0; i < outs.size(); ++i) {
      const double lr = demo.runs[i].config.at("optimizer").at("lr").get<double>();
      const RunOutcome& out = outs[i];
      const double predicted = predicted_factor(lr);
      report.require(std::string(names[i]) + "_per_step_factor", per_step_factor(out.rows, 50, 100),
                     predicted - 0.01, predicted + 0.01);
      report.require(std::string(names[i]) + "_diverged", out.diverged() ? 1 : 0, diverges[i],
                     diverges[i]);
    }
    return report;
  };
  return d;
}

}  // namespace descent
