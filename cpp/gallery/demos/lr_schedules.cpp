// Learning-rate schedules on digits: the annealed schedules end lower than a constant rate,
// and warmup-stable-decay's short cooldown buys most of the gain at the very end.
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 1000;
constexpr double kDecayFraction = 0.2;

nlohmann::json digits_run(nlohmann::json schedule) {
  return {{"schema", 1},
          {"seed", 3},
          {"problem", {{"kind", "dataset"}, {"name", "digits"}}},
          {"model", {{"hidden", {32}}, {"activation", "relu"}, {"init", "he_normal"}}},
          {"optimizer", {{"name", "adam"}, {"lr", 0.03}}},
          {"schedule", std::move(schedule)},
          {"batch_size", 16},
          {"steps", kSteps},
          {"eval_every", 25}};
}

}  // namespace

Demo lr_schedules_demo() {
  Demo d;
  d.name = "lr_schedules";
  d.title = "Learning-rate schedules and the cooldown's drop";
  d.claim =
      "With minibatch Adam on digits, cosine, linear and warmup-stable-decay end at a lower "
      "training loss than a constant rate, and WSD's loss drops sharply during its final "
      "cooldown.";
  d.paper = paper("Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
                  "Hägele, Bakouch, Kosson, Ben Allal, Von Werra, Jaggi", 2024, "NeurIPS 2024");
  d.runs = {
      {"constant", digits_run({{"name", "constant"}})},
      {"cosine", digits_run({{"name", "cosine"}})},
      {"linear", digits_run({{"name", "linear"}})},
      {"WSD (20% cooldown)", digits_run({{"name", "wsd"}, {"decay_fraction", kDecayFraction}})},
  };
  d.plots = {metric_plot("Training loss", {"loss"}, PlotScale::log_y),
             metric_plot("Learning rate", {"lr"})};
  d.live_controls = {"optimizer.lr", "schedule.decay_fraction", "seed"};
  d.check_description =
      "Final training loss of each annealed schedule against the constant rate's; WSD's loss "
      "at the end against its loss when the cooldown starts (step 800), and the constant rate's "
      "over the same window.";
  d.check = check_runs([](const RunOutcomes& out, ClaimReport& report) {
    const double constant = out[0].last().loss;
    const char* names[] = {"cosine", "linear", "wsd"};
    for (int i = 1; i < 4; ++i) {
      report.require_at_most(std::string(names[i - 1]) + "_final_loss_over_constant",
                             out[i].last().loss / constant, 0.5);
    }
    const double cooldown_start = kSteps * (1.0 - kDecayFraction);
    const double before = column(out[3].rows, "loss", cooldown_start, cooldown_start).at(0);
    const double constant_before =
        column(out[0].rows, "loss", cooldown_start, cooldown_start).at(0);
    report.require_at_most("wsd_loss_end_over_cooldown_start", out[3].last().loss / before, 0.3);
    report.require_at_least("constant_loss_end_over_same_step", constant / constant_before, 0.5);
  });
  return d;
}

}  // namespace descent
