// Edge of stability: full-batch gradient descent on a small network. The sharpness (largest
// Hessian eigenvalue) rises until it reaches 2/lr, then hovers there while the loss keeps
// falling, non-monotonically.
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr double kLr = 0.2;  // 2 / lr = 10
constexpr int kSteps = 1200;

nlohmann::json eos_run(double lr) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "dataset"}, {"name", "sine"}, {"n", 100}}},
          {"model", {{"hidden", {32, 32}}, {"activation", "tanh"}, {"loss", "mse"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", lr}}},
          {"batch_size", 0},
          {"steps", kSteps},
          {"eval_every", 5},
          {"diagnostics", {{"every", 10}, {"top_k", 1}, {"lanczos_steps", 20}}}};
}

}  // namespace

Demo edge_of_stability_demo() {
  Demo d;
  d.name = "edge_of_stability";
  d.title = "Edge of stability";
  d.claim =
      "Under full-batch gradient descent the sharpness rises until it reaches 2/lr and then "
      "hovers there, while the loss keeps falling, though not monotonically.";
  d.paper = paper("Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability",
                  "Cohen, Kaur, Li, Kolter, Talwalkar", 2021, "ICLR 2021");
  d.runs = {{"GD, lr 0.2 (2/lr = 10)", eos_run(kLr)}};
  d.plots = {metric_plot("Sharpness against 2/lr", {"sharpness"}, PlotScale::linear, "2/lr"),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "Sharpness by 20 Lanczos steps every 10 steps. Over the second half of the run: the "
      "largest sharpness is within [0.9, 1.5] x 2/lr, the mean within [0.7, 1.3] x 2/lr; the "
      "loss rises at least 5 times between logged rows (every 5 steps) after step 150; the final "
      "loss is below a tenth of the initial.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome& out = outs[0];
    const double threshold = 2.0 / kLr;
    const auto late = column(out.rows, "sharpness", kSteps / 2.0);
    double mean = 0;
    for (double s : late) mean += s / late.size();
    report.require("max_sharpness_over_2_div_lr", max_of(late) / threshold, 0.9, 1.5);
    report.require("mean_sharpness_over_2_div_lr", mean / threshold, 0.7, 1.3);
    report.require_at_least("loss_increases", loss_increases(out.rows, 150), 5);
    report.require_at_most("final_over_initial_loss", out.last().loss / out.rows.front().loss, 0.1);
  });
  return d;
}

}  // namespace descent
