// Low-precision training: with the weights and gradients rounded to int8 levels after every
// step, Stable-SPAM (its moments stored in fp8 as well) reaches a low training loss over a
// wider range of learning rates than Adam (whose moments stay in float32). Without the
// rounding the two ranges are the same on this problem (the check then fails): the gap is the
// low precision's doing.
#include <cmath>
#include <string>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

const std::vector<double> kLrs = {0.003, 0.01, 0.03, 0.1, 0.3};
constexpr double kTarget = 0.02;  // training loss counted as "trained"

nlohmann::json int8_run(nlohmann::json optimizer, double lr) {
  optimizer["lr"] = lr;
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "dataset"}, {"name", "digits"}}},
          {"model", {{"hidden", {32}}, {"activation", "relu"}, {"init", "he_normal"}}},
          {"optimizer", std::move(optimizer)},
          {"transforms",
           {{{"name", "round_gradients"}, {"format", "int8"}},
            {{"name", "round_weights"}, {"format", "int8"}}}},
          {"batch_size", 32},
          {"steps", 300},
          {"eval_every", 25}};
}

}  // namespace

Demo low_precision_demo() {
  Demo d;
  d.name = "low_precision";
  d.title = "Training in low precision: Stable-SPAM against Adam";
  d.claim =
      "With weights and gradients rounded to int8 levels, Stable-SPAM (moments stored in fp8) "
      "reaches a low training loss at more learning rates of a log grid than Adam (moments in "
      "float32), and a lower loss on average over the grid.";
  d.paper = paper("Stable-SPAM: How to Train in 4-Bit More Stably than 16-Bit Adam", "Huang et al.",
                  2025, "arXiv:2502.17055");
  for (double lr : kLrs) {
    d.runs.push_back({"Adam, lr " + number_label(lr), int8_run({{"name", "adam"}}, lr)});
  }
  for (double lr : kLrs) {
    d.runs.push_back({"Stable-SPAM, lr " + number_label(lr),
                      int8_run({{"name", "stable_spam"}, {"state_format", "fp8_e4m3"}}, lr)});
  }
  d.plots = {
      final_plot("Final training loss against the learning rate (int8 weights and gradients)",
                 {"loss"}, "optimizer.lr", PlotScale::log_xy),
      metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "Final training loss on digits after 300 minibatch steps at learning rates 0.003, 0.01, "
      "0.03, 0.1, 0.3, with round_gradients and round_weights at int8. Counts the rates whose "
      "final loss is below 0.02 for each optimizer: Stable-SPAM's count must exceed Adam's by "
      "at least one; the geometric mean of Stable-SPAM's final losses over the grid must be at "
      "most 0.7x Adam's.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const std::size_t k = kLrs.size();
    int below[2] = {0, 0};
    double log_sum[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < outs.size(); ++i) {
      const RunOutcome& out = outs[i];
      // A diverged run counts with its last finite loss (never below the target).
      const double loss = out.last().loss;
      const int who = i < k ? 0 : 1;
      below[who] += !out.diverged() && loss < kTarget;
      log_sum[who] += std::log(loss);
    }
    report.require_at_least("stable_spam_minus_adam_lrs_below_0.02", below[1] - below[0], 1);
    report.require_at_least("stable_spam_lrs_below_0.02", below[1], 2);
    report.require_at_most("geomean_final_loss_stable_spam_over_adam",
                           std::exp((log_sum[1] - log_sum[0]) / k), 0.7);
  });
  return d;
}

}  // namespace descent
