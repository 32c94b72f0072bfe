// Sharpness-aware minimisation ends in a flatter region than plain SGD with momentum at a
// comparable training loss: lower measured sharpness.
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 600;

nlohmann::json sam_run(nlohmann::json optimizer) {
  return {{"schema", 1},
          {"seed", 2},
          {"problem", {{"kind", "dataset"}, {"name", "moons"}, {"n", 200}, {"noise", 0.1}}},
          {"model", {{"hidden", {16, 16}}, {"activation", "tanh"}}},
          {"optimizer", std::move(optimizer)},
          {"batch_size", 0},
          {"steps", kSteps},
          {"eval_every", 20},
          {"diagnostics", {{"every", 100}, {"top_k", 1}, {"lanczos_steps", 20}}}};
}

}  // namespace

Demo sam_flat_minimum_demo() {
  Demo d;
  d.name = "sam_flat_minimum";
  d.title = "SAM finds a flatter minimum";
  d.claim =
      "Sharpness-aware minimisation reaches a training loss comparable to SGD with momentum "
      "at a markedly lower sharpness (largest Hessian eigenvalue).";
  d.paper = paper("Sharpness-Aware Minimization for Efficiently Improving Generalization",
                  "Foret, Kleiner, Mobahi, Neyshabur", 2021, "ICLR 2021");
  d.runs = {
      {"SGD + momentum", sam_run({{"name", "sgd"}, {"lr", 0.1}, {"momentum", 0.9}})},
      {"SAM, rho 0.5", sam_run({{"name", "sam"}, {"lr", 0.1}, {"rho", 0.5}, {"momentum", 0.9}})}};
  d.plots = {metric_plot("Sharpness", {"sharpness"}, PlotScale::log_y),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.rho", "optimizer.lr", "seed"};
  d.check_description =
      "Final sharpness (20 Lanczos steps on the full training set) of SAM against SGD's, and "
      "the final training losses of both.";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const RunOutcome &sgd = outs[0], &sam = outs[1];
    const double sgd_sharp = column(sgd.rows, "sharpness").back();
    const double sam_sharp = column(sam.rows, "sharpness").back();
    report.require_at_most("sam_over_sgd_final_sharpness", sam_sharp / sgd_sharp, 0.8);
    report.require_at_most("sgd_final_loss", sgd.last().loss, 0.1);
    report.require_at_most("sam_final_loss", sam.last().loss, 0.1);
  });
  return d;
}

}  // namespace descent
