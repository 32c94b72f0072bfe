// Double descent with random features: the test error of the minimum-norm least-squares fit
// on random ReLU features rises as the width approaches the number of training samples (the
// interpolation threshold), peaks there, and falls again beyond it, to the level of the best
// under-parameterised width or below. A ridge penalty (model.l2 0.05) removes the peak: the
// check then fails (the largest test loss moves to width 10).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kTrain = 40;  // 200 points, 80% held out
constexpr int kSteps = 2000;
// At most 10 runs: the page holds 10.
const std::vector<int> kWidths = {5, 10, 20, 30, 36, 39, 44, 50, 160, 800};

// The output layer's curvature grows with the number of features (the mse Hessian is
// F^T F / n, whose trace is about width * E[relu^2]), so the step is lr0 / width: every width
// gets the same relative progress in the same number of steps.
nlohmann::json width_run(int width) {
  return {
      {"schema", 1},
      {"seed", 1},
      {"problem",
       {{"kind", "dataset"},
        {"name", "linear_teacher"},
        {"n", 200},
        {"dim", 10},
        {"noise", 0.5},
        {"test_fraction", 0.8}}},
      {"model",
       {{"hidden", {width}},
        {"activation", "relu"},
        {"init", "he_normal"},
        {"loss", "mse"},
        {"random_features", true}}},
      {"optimizer", {{"name", "sgd"}, {"lr", 1.5 / width}, {"momentum", 0.9}, {"nesterov", true}}},
      {"batch_size", 0},
      {"steps", kSteps},
      {"eval_every", 50}};
}

}  // namespace

Demo double_descent_demo() {
  Demo d;
  d.name = "double_descent";
  d.title = "Double descent";
  d.claim =
      "With random ReLU features fitted by gradient descent from zero (the minimum-norm "
      "least-squares fit) on 40 noisy samples, the test error peaks where the width reaches the "
      "number of training samples and falls again for larger widths, to the level of the best "
      "under-parameterised width or below.";
  d.paper = paper(
      "Reconciling modern machine-learning practice and the classical bias-variance trade-off",
      "Belkin, Hsu, Ma, Mandal", 2019, "PNAS 116(32)");
  for (int w : kWidths) d.runs.push_back({"width " + std::to_string(w), width_run(w)});
  d.plots = {final_plot("Final test loss against the width (interpolation threshold at 40 samples)",
                        {"test_loss"}, "model.hidden.0", PlotScale::log_xy),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"problem.noise", "model.l2", "seed"};
  d.check_description =
      "Final test loss (160 held-out points) of each width after 2000 steps of Nesterov "
      "gradient descent on the output layer alone. The largest test loss must be at a width in "
      "[20, 80] (40 training samples), at least 2x the best width <= 20 and at least 2.5x the "
      "widest (800); the widest must end at most at the best width <= 20; the widths >= 50 "
      "interpolate (training loss < 1% of the initial).";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    std::vector<double> test, train_ratio;
    for (const RunOutcome& out : outs) {
      test.push_back(out.last().test_loss);
      train_ratio.push_back(out.last().loss / out.rows.front().loss);
    }
    const auto peak = std::max_element(test.begin(), test.end()) - test.begin();
    double best_under = INFINITY, worst_interp_train = 0.0;
    for (std::size_t i = 0; i < kWidths.size(); ++i) {
      if (kWidths[i] <= kTrain / 2) best_under = std::min(best_under, test[i]);
      if (kWidths[i] >= 50) worst_interp_train = std::max(worst_interp_train, train_ratio[i]);
    }
    report.require("peak_width", kWidths[peak], 0.5 * kTrain, 2 * kTrain);
    report.require_at_least("peak_over_best_under_parameterised", test[peak] / best_under, 2.0);
    report.require_at_least("peak_over_widest", test[peak] / test.back(), 2.5);
    report.require_at_most("widest_over_best_under_parameterised", test.back() / best_under, 1.0);
    report.require_at_most("interpolating_train_loss_ratio", worst_interp_train, 0.01);
  });
  return d;
}

}  // namespace descent
