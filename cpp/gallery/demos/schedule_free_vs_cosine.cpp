// Schedule-Free against a tuned cosine schedule, equal budgets: minibatch training of a
// 64-32-10 ReLU network on digits (with a small L2 penalty, so the training loss has a floor
// above zero and the minibatch noise decides how close a run gets to it). Momentum SGD needs
// its rate annealed: at a constant rate it stalls at a noise floor. Schedule-Free SGD at a
// constant rate (the same base step: its lr 0.3 is momentum SGD's 0.03 / (1 - 0.9)) ends as
// low as the best cosine run, because its evaluated point is an average of the iterates.
// Measured (seed 3, 600 steps of batch 8): cosine best over 0.01..0.05 = 0.103 (lr 0.03),
// Schedule-Free 0.094, constant-rate momentum SGD 0.134.
#include <algorithm>
#include <string>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 600;
constexpr double kCosineLr = 0.03;       // the tuned rate (best of the check's grid)
constexpr double kScheduleFreeLr = 0.3;  // the same base step: 0.03 / (1 - momentum 0.9)
const double kCosineGrid[] = {0.01, 0.02, 0.03, 0.05};

nlohmann::json digits_run(nlohmann::json optimizer, const std::string& schedule) {
  return {
      {"schema", 1},
      {"seed", 3},
      {"problem", {{"kind", "dataset"}, {"name", "digits"}}},
      {"model", {{"hidden", {32}}, {"activation", "relu"}, {"init", "he_normal"}, {"l2", 0.001}}},
      {"optimizer", std::move(optimizer)},
      {"schedule", {{"name", schedule}}},
      {"batch_size", 8},
      {"steps", kSteps},
      {"eval_every", 25}};
}

nlohmann::json momentum_sgd(double lr) { return {{"name", "sgd"}, {"lr", lr}, {"momentum", 0.9}}; }

}  // namespace

Demo schedule_free_vs_cosine_demo() {
  Demo d;
  d.name = "schedule_free_vs_cosine";
  d.title = "Schedule-Free: no schedule, as good as a tuned cosine";
  d.claim =
      "On minibatch digits, Schedule-Free SGD at a constant rate ends within 5% of (or below) "
      "the training loss of momentum SGD with the best cosine schedule, at an equal budget; "
      "the same base step without the averaging (constant-rate momentum SGD) ends at least "
      "20% higher.";
  d.paper = paper("The Road Less Scheduled", "Defazio, Yang, Mehta, Mishchenko, Khaled, Cutkosky",
                  2024, "NeurIPS 2024");
  d.runs = {
      {"Momentum SGD, cosine (tuned lr 0.03)", digits_run(momentum_sgd(kCosineLr), "cosine")},
      {"Schedule-Free SGD, constant lr 0.3",
       digits_run({{"name", "schedule_free_sgd"}, {"lr", kScheduleFreeLr}}, "constant")},
      {"Momentum SGD, constant lr 0.03", digits_run(momentum_sgd(kCosineLr), "constant")},
  };
  d.plots = {metric_plot("Training loss (Schedule-Free: at the averaged point x)", {"loss"},
                         PlotScale::log_y),
             metric_plot("Learning rate", {"lr"})};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "600 steps of batch 8 each. The cosine schedule is tuned over lr 0.01, 0.02, 0.03, 0.05 "
      "(momentum 0.9); figures: Schedule-Free's final training loss over the best cosine "
      "run's (<= 1.05), the constant-rate momentum SGD's over the best cosine run's (>= 1.2), "
      "and that the page's cosine run is the best of the grid.";
  d.check = [](const Demo& demo) {
    ClaimReport report;
    double best = 1e300, best_lr = 0;
    for (double lr : kCosineGrid) {
      const RunOutcome out = run_config(digits_run(momentum_sgd(lr), "cosine"));
      if (!out.diverged() && out.last().loss < best) best = out.last().loss, best_lr = lr;
    }
    const std::vector<RunOutcome> outs = run_all(demo);
    const RunOutcome &cosine = outs[0], &schedule_free = outs[1], &constant = outs[2];
    report.require("shown_cosine_lr_is_the_grid_best", best_lr, kCosineLr, kCosineLr);
    report.require_at_most("shown_cosine_over_best", cosine.last().loss / best, 1.0);
    report.require_at_most("schedule_free_over_best_cosine",
                           schedule_free.diverged() ? 1e300 : schedule_free.last().loss / best,
                           1.05);
    report.require_at_least("constant_over_best_cosine",
                            constant.diverged() ? 1e300 : constant.last().loss / best, 1.2);
    return report;
  };
  return d;
}

}  // namespace descent
