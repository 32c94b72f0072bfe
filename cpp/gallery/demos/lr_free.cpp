// Learning-rate-free Adam: Prodigy and D-Adapted Adam at their defaults (no learning rate
// given: lr is only a multiplier of the learnt step, left at 1) against Adam with its rate
// tuned on a grid, on three problems: digits (minibatch classification), a noisy linear
// teacher fitted by a tanh network (minibatch regression) and the spiral (full batch).
// Measured (seed 3, 400 steps), tuned Adam / Prodigy / D-Adapt Adam / Adam at lr 1e-3:
// digits 0.0044 / 3.5e-5 / 4.3e-5 / 0.21; teacher 0.0149 / 0.0115 / 0.027 / 0.10;
// spiral 0.050 / 0.069 / 0.18 / 0.64.
#include <algorithm>
#include <string>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 400;
const double kAdamGrid[] = {1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

struct LrFreeProblem {
  std::string label;
  nlohmann::json fragment;  // problem, model, batch size
  double tuned_adam_lr;     // the best of kAdamGrid (checked)
};

std::vector<LrFreeProblem> problems() {
  return {
      {"digits",
       {{"problem", {{"kind", "dataset"}, {"name", "digits"}}},
        {"model", {{"hidden", {32}}, {"activation", "relu"}, {"init", "he_normal"}}},
        {"batch_size", 32}},
       1e-2},
      {"teacher",
       {{"problem", {{"kind", "dataset"}, {"name", "linear_teacher"}, {"n", 200}, {"dim", 10}}},
        {"model",
         {{"hidden", {16}}, {"activation", "tanh"}, {"init", "xavier_uniform"}, {"loss", "mse"}}},
        {"batch_size", 16}},
       1e-1},
      {"spiral",
       {{"problem", {{"kind", "dataset"}, {"name", "spiral"}, {"n", 200}, {"noise", 0.1}}},
        {"model", {{"hidden", {16, 16}}, {"activation", "tanh"}, {"init", "xavier_uniform"}}},
        {"batch_size", 0}},
       1e-1},
  };
}

nlohmann::json run_on(const LrFreeProblem& p, nlohmann::json optimizer) {
  nlohmann::json c = p.fragment;
  c["schema"] = 1;
  c["seed"] = 3;
  c["optimizer"] = std::move(optimizer);
  c["steps"] = kSteps;
  c["eval_every"] = 20;
  return c;
}

}  // namespace

Demo lr_free_demo() {
  Demo d;
  d.name = "lr_free";
  d.title = "Learning-rate-free: Prodigy and D-Adaptation against a tuned Adam";
  d.claim =
      "With no learning rate given, Prodigy ends within 1.5x of Adam with its best rate from a "
      "5-point grid on each of three problems (below it on two), and D-Adapted Adam within 4x; "
      "Adam at the usual 1e-3 ends at least 2x above Prodigy on all three.";
  d.paper = paper("Prodigy: An Expeditiously Adaptive Parameter-Free Learner",
                  "Mishchenko, Defazio", 2023, "arXiv:2306.06101; ICML 2024");
  for (const auto& p : problems()) {
    d.runs.push_back({p.label + ": Prodigy (no lr)", run_on(p, {{"name", "prodigy"}})});
    d.runs.push_back({p.label + ": D-Adapt Adam (no lr)", run_on(p, {{"name", "dadapt_adam"}})});
    d.runs.push_back({p.label + ": Adam, tuned lr " + number_label(p.tuned_adam_lr),
                      run_on(p, {{"name", "adam"}, {"lr", p.tuned_adam_lr}})});
  }
  d.plots = {metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "seed"};
  d.check_description =
      "400 steps per run. On each problem Adam is run at lr 1e-3, 3e-3, 1e-2, 3e-2, 0.1 and the "
      "best final training loss is the reference (the page's Adam run is that rate). Figures "
      "per problem: Prodigy's final loss over the best Adam's (<= 1.5), D-Adapt Adam's (<= 4), "
      "Adam at 1e-3 over Prodigy's (>= 2), the number of problems where Prodigy beats the best "
      "Adam (>= 2).";
  d.check = [](const Demo& demo) {
    ClaimReport report;
    int prodigy_wins = 0;
    const auto ps = problems();
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const auto& p = ps[i];
      double best = 1e300, best_lr = 0, at_default = 0;
      for (double lr : kAdamGrid) {
        const double loss = final_loss(run_config(run_on(p, {{"name", "adam"}, {"lr", lr}})));
        if (lr == kAdamGrid[0]) at_default = loss;
        if (loss < best) best = loss, best_lr = lr;
      }
      const double prodigy = final_loss(run_config(demo.runs[3 * i].config));
      const double dadapt = final_loss(run_config(demo.runs[3 * i + 1].config));
      report.require(p.label + "_shown_adam_lr_is_the_grid_best", best_lr, p.tuned_adam_lr,
                     p.tuned_adam_lr);
      report.require_at_most(p.label + "_prodigy_over_tuned_adam", prodigy / best, 1.5);
      report.require_at_most(p.label + "_dadapt_adam_over_tuned_adam", dadapt / best, 4.0);
      report.require_at_least(p.label + "_adam_1e-3_over_prodigy", at_default / prodigy, 2.0);
      prodigy_wins += prodigy < best;
    }
    report.require_at_least("problems_where_prodigy_beats_tuned_adam", prodigy_wins, 2);
    return report;
  };
  return d;
}

}  // namespace descent
