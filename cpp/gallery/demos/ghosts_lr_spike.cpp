// Ghosts of Softmax: a learning-rate spike (1000x for 5 updates) in the middle of training a
// digits classifier with plain SGD. Global-norm clipping bounds the gradient, but the step is
// still lr x 1000 long and the logits jump far past the radius pi / Delta_a inside which the
// cross-entropy's Taylor model holds: training collapses and has not recovered 250 updates
// later. The ghost-radius controller caps every update so that no sample's logit spread moves
// by more than pi, whatever the rate: the spike passes unnoticed.
#include <cmath>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 400;
// 0-based schedule index of the first spiked update: updates 146 .. 150 run at lr x kMultiplier,
// so the row logged at step 150 (every 10 steps) shows the spiked rate on the lr chart.
constexpr int kSpikeStart = 145;
constexpr int kSpikeLength = 5;
constexpr double kMultiplier = 1000.0;
constexpr int kBefore = 140;  // the last row before the spike
constexpr int kAfter = 160;   // the first row after it

nlohmann::json spike_run(nlohmann::json transform) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "dataset"}, {"name", "digits"}}},
          {"model", {{"hidden", {32}}, {"activation", "relu"}, {"loss", "cross_entropy"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}},
          {"schedule",
           {{"name", "spike"},
            {"start", kSpikeStart},
            {"length", kSpikeLength},
            {"multiplier", kMultiplier}}},
          {"transforms", nlohmann::json::array({std::move(transform)})},
          {"batch_size", 64},
          {"steps", kSteps},
          {"eval_every", 10}};
}

// Training accuracy logged at `step`; NaN (which fails any requirement) when the run has no
// row there.
double accuracy_at(const RunOutcome& out, int step) {
  const std::vector<double> at = column(out.rows, "accuracy", step, step);
  return at.empty() ? std::nan("") : at.front();
}

}  // namespace

Demo ghosts_lr_spike_demo() {
  Demo d;
  d.name = "ghosts_lr_spike";
  d.title = "A learning-rate spike: clipping versus the ghost radius";
  d.claim =
      "A 1000x learning-rate spike for 5 updates knocks SGD with global-norm gradient clipping "
      "down to about a third of its training accuracy, and it is still far behind 250 updates "
      "later, while the ghost-radius step controller keeps its accuracy through the spike.";
  d.paper =
      paper("Ghosts of Softmax: Complex Singularities That Limit Safe Step Sizes in Cross-Entropy",
            "", 2026, "arXiv");
  d.runs = {
      {"clip by global norm (max 1)",
       spike_run({{"name", "clip_by_global_norm"}, {"max_norm", 1.0}})},
      {"ghost-radius controller (tau <= rho_a)",
       spike_run({{"name", "ghost_radius"}, {"max_ratio", 1.0}})},
  };
  d.plots = {metric_plot("Training loss", {"loss"}, PlotScale::log_y),
             metric_plot("Training accuracy", {"accuracy"}),
             metric_plot("Learning rate (the spike)", {"lr"}, PlotScale::log_y),
             metric_plot("Update norm", {"update_norm"}, PlotScale::log_y)};
  d.live_controls = {"schedule.multiplier", "schedule.length", "schedule.start", "optimizer.lr",
                     "seed"};
  d.check_description =
      "Training accuracy (full training set) at step 140, just before the spike (updates "
      "146-150), at step 160, just after it, and at the end (400). Clipped: accuracy after / "
      "before <= 0.6 and final "
      "accuracy <= 0.8. Controlled: accuracy after >= before - 0.02 and final >= 0.97.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome &clipped = outs[0], &controlled = outs[1];
    report.require_at_least("clipped_accuracy_before_spike", accuracy_at(clipped, kBefore), 0.9);
    // A diverged clipped run has no row after the spike: that counts as destroyed.
    const double clipped_after =
        clipped.diverged() ? 0.0 : accuracy_at(clipped, kAfter) / accuracy_at(clipped, kBefore);
    report.require_at_most("clipped_accuracy_after_over_before", clipped_after, 0.6);
    report.require_at_most("clipped_final_accuracy",
                           clipped.diverged() ? 0.0 : clipped.last().accuracy, 0.8);
    const double before = accuracy_at(controlled, kBefore);
    report.require_at_least("controlled_accuracy_before_spike", before, 0.9);
    report.require_at_least("controlled_accuracy_after_minus_before",
                            accuracy_at(controlled, kAfter) - before, -0.02);
    report.require_at_least("controlled_final_accuracy",
                            controlled.diverged() ? 0.0 : controlled.last().accuracy, 0.97);
  });
  return d;
}

}  // namespace descent
