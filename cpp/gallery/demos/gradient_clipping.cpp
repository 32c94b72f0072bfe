// Gradient clipping on a cliff: Rosenbrock from (-1.8, -0.5) starts on a valley wall whose
// gradient has norm 2800. Plain SGD at lr 0.003 takes a first step of length 8.4 and
// diverges within a few steps; clipping the gradient's global norm to 1 bounds every step
// by lr, and the same learning rate walks down the wall and along the valley. Measured (seed
// 7, 1500 steps): unclipped diverges at step 4; clipped ends at loss 0.024 (from 1407) with
// no update longer than 0.003.
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr double kLr = 0.003;
constexpr double kMaxNorm = 1.0;

nlohmann::json cliff_run(bool clip) {
  nlohmann::json transforms = nlohmann::json::array();
  if (clip) transforms.push_back({{"name", "clip_by_global_norm"}, {"max_norm", kMaxNorm}});
  return {{"schema", 1},
          {"seed", 7},
          {"problem", {{"kind", "function"}, {"name", "rosenbrock"}, {"start", {-1.8, -0.5}}}},
          {"optimizer", {{"name", "sgd"}, {"lr", kLr}}},
          {"transforms", transforms},
          {"steps", 1500}};
}

}  // namespace

Demo gradient_clipping_demo() {
  Demo d;
  d.name = "gradient_clipping";
  d.title = "Gradient clipping on a cliff";
  d.claim =
      "From a start on Rosenbrock's steep wall, SGD at lr 0.003 diverges within 10 steps; the "
      "same learning rate with the gradient clipped to norm 1 never steps further than 0.003 "
      "and ends below loss 0.1 (from 1407).";
  d.paper = paper("On the difficulty of training recurrent neural networks",
                  "Pascanu, Mikolov, Bengio", 2013, "ICML 2013");
  d.runs = {
      {"SGD lr 0.003", cliff_run(false)},
      {"SGD lr 0.003 + clip", cliff_run(true)},
  };
  d.plots = {metric_plot("Loss (log scale)", {"loss"}, PlotScale::log_y),
             metric_plot("Update norm: clipping bounds every step by lr x max_norm",
                         {"update_norm"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "Runs both for 1500 steps: the unclipped run must diverge within 10 steps; the clipped one "
      "must finish, its longest update must be at most lr x max_norm (0.003, float rounding "
      "allowed) and its final loss at most 0.1.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome &plain = outs[0], &clipped = outs[1];
    report.require("unclipped_diverged", plain.diverged() ? 1 : 0, 1, 1);
    report.require_at_most("unclipped_diverged_by_step", plain.diverged() ? plain.steps_done : 1e9,
                           10);
    report.require("clipped_diverged", clipped.diverged() ? 1 : 0, 0, 0);
    report.require_at_most("clipped_longest_update", max_of(column(clipped.rows, "update_norm")),
                           kLr * kMaxNorm * (1 + 1e-6));
    report.require_at_most("clipped_final_loss", clipped.last().loss, 0.1);
  });
  return d;
}

}  // namespace descent
