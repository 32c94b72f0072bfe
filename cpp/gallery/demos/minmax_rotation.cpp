// Gradient descent-ascent against look-ahead methods on the bilinear game min_x max_y x y.
// The game's field F = (y, -x) only rotates, so simultaneous GDA, z <- z - lr F(z), moves
// along the tangent of the circle through z and lands outside it: |z| grows by exactly
// sqrt(1 + lr^2) per step (lr 0.1, 200 steps: x2.70). Extragradient takes its gradient at
// the trial point z - lr F(z), which turns the step inward: |z| shrinks by
// sqrt(1 - lr^2 + lr^4) per step (x0.37). Optimistic gradient's correction
// -lr (F(z_t) - F(z_{t-1})) does the same with one gradient per step. Measured from
// (0.8, 0.4): GDA 0.894 -> 2.42, extragradient -> 0.33, optimistic gradient -> 0.33.
// Without the look-ahead (each method replaced by plain GDA at its rate) the check fails;
// test_games.cpp checks that.
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

nlohmann::json game_run(nlohmann::json optimizer) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "function"}, {"name", "bilinear_game"}, {"start", {0.8, 0.4}}}},
          {"optimizer", std::move(optimizer)},
          {"steps", 200}};
}

// Final distance to the equilibrium over the starting one (the loss column of a game).
double growth(const RunOutcome& out) {
  return out.diverged() || out.rows.empty() ? 1e300 : out.last().loss / out.rows.front().loss;
}

}  // namespace

Demo minmax_rotation_demo() {
  Demo d;
  d.name = "minmax_rotation";
  d.title = "Min-max games: rotation";
  d.claim =
      "On the bilinear game min_x max_y xy, gradient descent-ascent spirals away from the "
      "equilibrium (its distance grows at every step, at least 2x over 200 steps at lr 0.1), "
      "while extragradient and optimistic gradient at the same rate spiral in (at most half "
      "the starting distance).";
  d.paper = paper("The Numerics of GANs", "Mescheder, Nowozin, Geiger", 2017, "NeurIPS 2017");
  d.runs = {
      {"Gradient descent-ascent", game_run({{"name", "sgd"}, {"lr", 0.1}})},
      {"Extragradient (Korpelevich 1976)", game_run({{"name", "extragradient"}, {"lr", 0.1}})},
      {"Optimistic gradient (Daskalakis et al. 2018)",
       game_run({{"name", "optimistic_gradient"}, {"lr", 0.1}})},
  };
  d.plots = {metric_plot("Distance to the equilibrium (log scale)", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr"};
  d.check_description =
      "Runs all three for 200 steps; the loss of a game is the distance to its equilibrium "
      "(0, 0). GDA's distance must rise at every step and end at least 2x its start; "
      "extragradient's and optimistic gradient's must end at most 0.5x theirs. Extragradient "
      "is Korpelevich's \"The extragradient method for finding saddle points and other "
      "problems\" (1976); optimistic gradient is \"Training GANs with Optimism\" (Daskalakis, "
      "Ilyas, Syrgkanis, Zeng, 2018).";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome& gda = outs[0];
    report.require_at_least("gda_distance_growth", growth(gda), 2.0);
    report.require_at_most("gda_steps_where_the_distance_fell",
                           gda.steps_done - loss_increases(gda.rows), 0);
    report.require_at_most("extragradient_distance_growth", growth(outs[1]), 0.5);
    report.require_at_most("optimistic_gradient_distance_growth", growth(outs[2]), 0.5);
  });
  return d;
}

}  // namespace descent
