// Momentum on an ill-conditioned quadratic: gradient descent converges at 1 - 1/kappa per
// step, heavy ball (tuned) and Nesterov at about 1 - 1/sqrt(kappa).
#include <cmath>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr double kKappa = 100.0;  // curvatures 1 and 1/kappa (the quadratic's largest is 1)

nlohmann::json quadratic_run(nlohmann::json optimizer) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem",
           {{"kind", "function"},
            {"name", "quadratic"},
            {"condition_number", kKappa},
            {"angle", 30.0},
            {"start", {-4.0, 2.0}}}},
          {"optimizer", std::move(optimizer)},
          {"steps", 150}};
}

}  // namespace

Demo momentum_quadratic_demo() {
  const double sk = std::sqrt(kKappa);
  // Polyak's tuning: lr = 4 / (sqrt(L) + sqrt(mu))^2, momentum = ((sqrt k - 1)/(sqrt k + 1))^2.
  const double hb_lr = 4.0 / std::pow(1.0 + 1.0 / sk, 2);
  const double hb_momentum = std::pow((sk - 1) / (sk + 1), 2);
  // Nesterov: lr = 1/L, momentum (sqrt k - 1)/(sqrt k + 1).
  const double nesterov_momentum = (sk - 1) / (sk + 1);
  Demo d;
  d.name = "momentum_quadratic";
  d.title = "Momentum on an ill-conditioned quadratic";
  d.claim =
      "On a quadratic with condition number 100, gradient descent contracts by 1 - 1/kappa = "
      "0.99 per step, while tuned heavy ball and Nesterov contract by about 1 - 1/sqrt(kappa) "
      "= 0.9 or better, as the theory predicts.";
  d.paper = paper("Some methods of speeding up the convergence of iteration methods", "Polyak",
                  1964, "USSR Computational Mathematics and Mathematical Physics");
  d.runs = {
      {"GD (lr = 1/L)", quadratic_run({{"name", "sgd"}, {"lr", 1.0}})},
      {"Heavy ball (Polyak's tuning)",
       quadratic_run({{"name", "sgd"}, {"lr", hb_lr}, {"momentum", hb_momentum}})},
      {"Nesterov (lr = 1/L)",
       quadratic_run(
           {{"name", "sgd"}, {"lr", 1.0}, {"momentum", nesterov_momentum}, {"nesterov", true}})},
  };
  d.plots = {metric_plot("Loss (log scale): straight lines whose slopes are the rates", {"loss"},
                         PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "optimizer.momentum", "problem.condition_number"};
  d.check_description =
      "Measures each run's per-step contraction from the loss over steps 50..150 and compares "
      "it with the theory: GD 1 - 1/kappa, heavy ball sqrt(momentum) (its spectral radius), "
      "Nesterov 1 - 1/sqrt(kappa) (critically damped on the flat direction).";
  d.check = check_runs([=](const RunOutcomes& outs, ClaimReport& report) {
    const double theory[] = {1.0 - 1.0 / kKappa, std::sqrt(hb_momentum), 1.0 - 1.0 / sk};
    const char* names[] = {"gd", "heavy_ball", "nesterov"};
    for (int i = 0; i < 3; ++i) {
      const double rate = per_step_factor(outs[i].rows, 50, 150);
      report.require(std::string(names[i]) + "_rate", rate, theory[i] - 0.015, theory[i] + 0.015);
    }
  });
  return d;
}

}  // namespace descent
