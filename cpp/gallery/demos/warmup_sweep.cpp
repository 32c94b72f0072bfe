// Warm-up and the "too large" learning rate: full-batch gradient descent on a tanh MLP whose
// initial weights are scaled up (init_gain 2), so the loss starts out sharp (largest Hessian
// eigenvalue about 33 at init, 2 / lambda_0 ~ 0.06). A sweep of learning rates (7 in the
// check, 5 on the page), each with and without a linear warm-up. Without warm-up, rates up to
// 0.12 (< 4 / lambda_0, the catapult range) train and every larger one blows up within a few
// dozen steps. With warm-up the rate grows slowly enough for the sharpness to come down first
// (Kalra and Barkeshli's mechanism: measured about 33 -> 6 by the end of the warm-up at lr
// 0.48), and rates 4x larger train.
#include <algorithm>
#include <string>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 600;
constexpr int kWarmup = 500;
constexpr double kFirstLr = 0.03;  // the check's sweep: kFirstLr x 2^k, k = 0 .. kRates - 1
constexpr int kRates = 7;
// The page shows k = 1 .. 5 (0.06 .. 0.96), with and without warm-up: 10 runs, the most a page
// state holds (MAX_RUNS in web/src/state/run-actions.ts).
constexpr int kFirstShown = 1;
constexpr int kLastShown = 5;
constexpr double kTrainedLossFraction = 0.1;  // "trains": ends below 0.1 x its initial loss

double sweep_lr(int k) { return kFirstLr * (1 << k); }

nlohmann::json sweep_run(double lr, int warmup) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "dataset"}, {"name", "sine"}, {"n", 100}}},
          {"model",
           {{"hidden", {32, 32}}, {"activation", "tanh"}, {"loss", "mse"}, {"init_gain", 2.0}}},
          {"optimizer", {{"name", "sgd"}, {"lr", lr}}},
          {"schedule", {{"name", "constant"}, {"warmup_steps", warmup}}},
          {"batch_size", 0},
          {"steps", kSteps},
          {"eval_every", 10}};
}

bool trained(const RunOutcome& out) {
  return !out.diverged() && out.last().loss <= kTrainedLossFraction * out.rows.front().loss;
}

}  // namespace

Demo warmup_sweep_demo() {
  Demo d;
  d.name = "warmup_sweep";
  d.title = "Warm-up lets a larger learning rate train";
  d.claim =
      "Without warm-up, full-batch gradient descent on a sharply initialised network diverges "
      "above a learning rate of about 0.2; with a linear warm-up the largest rate that trains "
      "is at least 3x larger.";
  d.paper = paper("Why Warmup the Learning Rate? Underlying Mechanisms and Improvements",
                  "Kalra, Barkeshli", 2024, "NeurIPS 2024");
  for (int warmup : {0, kWarmup}) {
    for (int k = kFirstShown; k <= kLastShown; ++k) {
      const double lr = sweep_lr(k);
      d.runs.push_back({"lr " + number_label(lr) + (warmup > 0 ? ", warm-up" : ", no warm-up"),
                        sweep_run(lr, warmup)});
    }
  }
  d.plots = {final_plot("Final training loss against the learning rate", {"loss"}, "optimizer.lr",
                        PlotScale::log_xy),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y),
             metric_plot("Learning rate", {"lr"}, PlotScale::log_y)};
  d.live_controls = {"schedule.warmup_steps", "model.init_gain", "seed"};
  d.check_description =
      "Seven rates 0.03 x 2^k (k = 0..6), 600 full-batch steps, without and with a 500-step "
      "linear warm-up. A run trains when it does not diverge and ends below 0.1 x its initial "
      "loss. Figures: the largest rate that trains without and with warm-up, their ratio "
      "(>= 3), and the number of rates without warm-up above the largest trained one that "
      "diverge (all of them, at least 3).";
  // The check sweeps all kRates rates (the page's runs and one more at each end).
  d.check = [](const Demo&) {
    ClaimReport report;
    double largest[2] = {0.0, 0.0};
    int above = 0, diverged_above = 0;
    for (int w = 0; w < 2; ++w) {
      std::vector<RunOutcome> outs;
      for (int k = 0; k < kRates; ++k) {
        outs.push_back(run_config(sweep_run(sweep_lr(k), w == 0 ? 0 : kWarmup)));
        if (trained(outs.back())) largest[w] = std::max(largest[w], sweep_lr(k));
      }
      if (w == 0) {
        for (int k = 0; k < kRates; ++k) {
          if (sweep_lr(k) <= largest[0]) continue;
          ++above;
          diverged_above += outs[k].diverged();
        }
      }
    }
    report.require_at_least("largest_trained_lr_without_warmup", largest[0], kFirstLr);
    report.require_at_least("largest_trained_lr_with_warmup", largest[1], kFirstLr);
    report.require_at_least("ratio_with_over_without", largest[1] / largest[0], 3.0);
    report.require_at_least("rates_above_it_that_diverge_without_warmup", diverged_above, 3);
    report.require_at_most("rates_above_it_that_do_not_diverge_without_warmup",
                           above - diverged_above, 0);
    return report;
  };
  return d;
}

}  // namespace descent
