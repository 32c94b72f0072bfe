// Loss of plasticity: a ReLU network trained on a sequence of tasks learns each new task worse
// than the last. Here the task switches relabel the classes (a random permutation of the
// labels of the same points) every 200 steps; Adam at a large learning rate drives more and
// more hidden units dormant, and the accuracy the network reaches 40 steps into a task falls
// task after task. Shrink-and-perturb at each switch (theta <- 0.4 theta + 0.01 eps; "On
// Warm-Starting Neural Network Training", Ash and Adams, 2020, who apply it when new data
// arrives) keeps the units alive and the network learning. Shrink-and-perturb is the
// ingredient: with it off in the second run both runs lose plasticity and the check fails.
// ("Understanding plasticity in neural networks", Lyle et al., 2023.)
#include <numeric>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kTasks = 10;
constexpr int kTaskSteps = 200;
constexpr int kProbeAfter = 40;  // steps into a task at which its learning is read
constexpr int kCompared = 3;     // tasks averaged at each end of the sequence

nlohmann::json switching_run(bool shrink_perturb) {
  nlohmann::json switches = nlohmann::json::array();
  for (int i = 1; i < kTasks; ++i)
    switches.push_back({{"step", i * kTaskSteps}, {"kind", "relabel"}});
  nlohmann::json transforms = nlohmann::json::array();
  if (shrink_perturb) {
    transforms.push_back({{"name", "shrink_perturb"}, {"shrink", 0.4}, {"perturb", 0.01}});
  }
  return {{"schema", 1},
          {"seed", 1},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 400},
            {"dim", 16},
            {"classes", 8},
            {"noise", 2.5},
            {"test_fraction", 0.25},
            {"task_switches", switches}}},
          {"model", {{"hidden", {64}}, {"activation", "relu"}, {"loss", "cross_entropy"}}},
          {"optimizer", {{"name", "adam"}, {"lr", 0.05}}},
          {"transforms", transforms},
          {"batch_size", 32},
          {"eval_every", 20},
          {"diagnostics", {{"every", 100}, {"plasticity", true}}},
          {"steps", kTasks * kTaskSteps}};
}

// Training accuracy kProbeAfter steps into each task.
std::vector<double> learning_per_task(const RunOutcome& run) {
  std::vector<double> out;
  for (int i = 0; i < kTasks; ++i) {
    const double step = i * kTaskSteps + kProbeAfter;
    const std::vector<double> at = column(run.rows, "accuracy", step, step);
    out.push_back(at.empty() ? MetricRow::none : at.front());
  }
  return out;
}

// Mean learning over the last kCompared tasks divided by the mean over the first kCompared.
double late_over_early(const RunOutcome& run) {
  const std::vector<double> a = learning_per_task(run);
  const double early = std::accumulate(a.begin(), a.begin() + kCompared, 0.0);
  const double late = std::accumulate(a.end() - kCompared, a.end(), 0.0);
  return late / early;
}

double last_dormant(const RunOutcome& run) {
  const std::vector<double> d = column(run.rows, "dormant_fraction");
  return d.empty() ? MetricRow::none : d.back();
}

}  // namespace

Demo loss_of_plasticity_demo() {
  Demo d;
  d.name = "loss_of_plasticity";
  d.title = "Loss of plasticity, and shrink-and-perturb";
  d.claim =
      "A ReLU network whose task switches every 200 steps (the class labels permuted) learns "
      "each new task worse: 40 steps into the last three of ten tasks its training accuracy is "
      "at most 0.65x what it was in the first three, as half or more of its hidden units go "
      "dormant. Shrinking and perturbing the weights at each switch (0.4 theta + 0.01 noise, "
      "Ash and Adams, 2020) keeps it learning: at least 0.85x, with at most 10% dormant units.";
  d.paper = paper("Understanding plasticity in neural networks",
                  "Lyle, Zheng, Nikishin, Avila Pires, Pascanu, Dabney", 2023, "ICML 2023");
  d.runs = {{"plain: weights kept at each switch", switching_run(false)},
            {"shrink-and-perturb at each switch", switching_run(true)}};
  d.plots = {metric_plot("Training accuracy (the task switches every 200 steps)", {"accuracy"}),
             metric_plot("Dormant hidden units", {"dormant_fraction"}),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y),
             metric_plot("Parameter norm", {"param_norm"})};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "Two runs of 2000 Adam steps (lr 0.05, batch 32) of a 64-unit ReLU network on 300 "
      "training points of eight noisy Gaussian classes in 16 dimensions (noise 2.5); every 200 "
      "steps the labels are permuted (ten tasks). Per task, the training accuracy 40 steps "
      "after its switch. Required: plain, the mean over the last three tasks <= 0.65x the mean "
      "over the first three and a final dormant fraction (tau 0.025) >= 0.5; with "
      "shrink-and-perturb (lambda 0.4, sigma 0.01) >= 0.85x and a final dormant fraction <= "
      "0.1. Measured (seed 1): plain 0.43x (0.85, 0.88, 0.87 falling to 0.42, 0.35, 0.34), "
      "dormant 0.75; shrink-and-perturb 0.91x, dormant 0.03. Seeds 2, 3, 4: plain 0.51x, 0.45x, "
      "0.49x (dormant 0.64, 0.72, 0.83); shrink-and-perturb 0.99x, 1.04x, 1.00x (dormant 0.03, "
      "0.05, 0.02). Without shrink-and-perturb the second run is the first (0.43x, dormant "
      "0.75) and the check fails.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome& plain = outs[0];
    const RunOutcome& sp = outs[1];
    report.require("diverged", (plain.diverged() || sp.diverged()) ? 1 : 0, 0, 0);
    report.require_at_most("plain_late_over_early_learning", late_over_early(plain), 0.65);
    report.require_at_least("plain_final_dormant_fraction", last_dormant(plain), 0.5);
    report.require_at_least("shrink_perturb_late_over_early_learning", late_over_early(sp), 0.85);
    report.require_at_most("shrink_perturb_final_dormant_fraction", last_dormant(sp), 0.1);
  });
  return d;
}

}  // namespace descent
