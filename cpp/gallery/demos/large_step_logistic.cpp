// Large-step gradient descent on logistic regression over linearly separable data: with a
// step far beyond the classical stable range (2 / the initial curvature), the loss first
// oscillates for tens of steps (an unstable, non-monotone phase), then GD leaves it and ends
// at a much lower loss than a small step after the same number of steps (Wu, Bartlett,
// Telgarsky, Yu, 2024). Both
// converge in direction to the max-margin separator (Soudry et al., 2018), measured as the
// angle between (w, b) and the hard-margin SVM's direction (the margin_angle column).
#include <cmath>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 1000;
// Inputs scaled by 5: the loss's sharpness at w = 0 is 3.97 (measured by Lanczos), so steps
// above 2/3.97 = 0.5 are beyond the classical stable range; 0.1 is within it, 10 is 20x beyond.
constexpr double kSmallLr = 0.1;
constexpr double kLargeLr = 10.0;
// The oscillating phase: at margin 0.01 and seed 1 the large step's loss rises 43 times, the
// last time at step 78 (at margin 0.05 it rose at step 1 only, which a log-scale chart hides).
constexpr double kMargin = 0.01;
constexpr int kPhaseEndsBy = 100;  // the chart's title says where the phase ends
constexpr int kPhaseLastsAtLeast = 50;
constexpr int kLeastRises = 20;

nlohmann::json logistic_run(double lr) {
  return {
      {"schema", 1},
      {"seed", 1},
      {"problem",
       {{"kind", "dataset"},
        {"name", "separable"},
        {"n", 40},
        {"margin", kMargin},
        {"angle", 60.0},
        {"scale", 5.0},
        {"test_fraction", 0.0}}},
      // A linear model (no hidden layer) from w = 0, b = 0, as in the papers.
      {"model", {{"hidden", nlohmann::json::array()}, {"loss", "logistic"}, {"init_gain", 0.0}}},
      {"optimizer", {{"name", "sgd"}, {"lr", lr}}},
      {"batch_size", 0},
      {"steps", kSteps},
      {"eval_every", 1}};
}

}  // namespace

Demo large_step_logistic_demo() {
  Demo d;
  d.name = "large_step_logistic";
  d.title = "Large steps on logistic regression: worse first, better after";
  d.claim =
      "Full-batch gradient descent on a linearly separable set with a step 20x beyond the "
      "classical stable range (lr 10) makes the logistic loss oscillate, up and down and above "
      "its start, for its first 50 to 100 steps; then it falls fast and after 1000 steps ends "
      "far below a stable step (lr 0.1), its weights turned towards the max-margin direction.";
  d.paper = paper(
      "Large Stepsize Gradient Descent for Logistic Loss: Non-Monotonicity of the Loss "
      "Improves Optimization Efficiency",
      "Wu, Bartlett, Telgarsky, Yu", 2024, "COLT 2024");
  d.runs = {{"GD, lr 0.1", logistic_run(kSmallLr)}, {"GD, lr 10", logistic_run(kLargeLr)}};
  d.plots = {metric_plot(
                 "Training loss (log scale): lr 10 oscillates until about step 80, then falls fast",
                 {"loss"}, PlotScale::log_xy),
             metric_plot("Angle to the max-margin direction (degrees; Soudry et al., 2018)",
                         {"margin_angle"}, PlotScale::log_xy)};
  d.live_controls = {"optimizer.lr", "problem.margin", "problem.angle", "seed"};
  d.check_description =
      "Loss every step. The large step's loss: how many times it rises, whether it still "
      "rises after step 50 and no more after step 100 (the end of the oscillating phase), "
      "its highest value against the initial log 2; the small step's loss never rises; the final "
      "losses of both; the large step's "
      "angle to the max-margin direction (hard-margin SVM on the points with a constant 1 "
      "appended, by dual coordinate ascent) at the end against after its first step.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome &small = outs[0], &large = outs[1];
    const double initial = large.rows.front().loss;
    report.require_at_least("large_step_loss_rises", loss_increases(large.rows), kLeastRises);
    report.require_at_least("large_step_rises_after_step_50",
                            loss_increases(large.rows, kPhaseLastsAtLeast), 1);
    report.require_at_most("large_step_rises_after_step_100",
                           loss_increases(large.rows, kPhaseEndsBy), 0);
    report.require_at_least("large_step_max_loss_over_initial",
                            max_of(column(large.rows, "loss")) / initial, 1.3);
    report.require_at_most("small_step_loss_increases", loss_increases(small.rows), 0);
    report.require_at_most("large_over_small_final_loss", large.last().loss / small.last().loss,
                           0.05);
    const std::vector<double> angle = column(large.rows, "margin_angle");
    report.require_at_most("large_step_final_over_first_angle", angle.back() / angle.front(), 0.25);
    report.require_at_most("large_step_final_angle_degrees", angle.back(), 2.0);
  });
  return d;
}

}  // namespace descent
