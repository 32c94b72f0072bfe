// Hessian spectrum: after training a small network on C Gaussian classes, the Hessian's
// eigenvalues form a bulk near zero plus C - 1 outliers, separated from the bulk's edge by a
// gap; with more classes there are more outliers. The density comes from stochastic Lanczos
// quadrature, the outliers from the top eigenvalues by Lanczos.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/measure_diagnostics.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 40;
constexpr int kTopK = 10;
constexpr double kMinGap = 2.0;          // lambda_{C-1} / lambda_C at least this
constexpr double kBulkEdge = 0.1;        // the bulk: |eigenvalue| <= this x the largest
constexpr double kMinBulkWeight = 0.95;  // of the density's weight

nlohmann::json spectrum_run(int classes) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 400},
            {"dim", 10},
            {"classes", classes},
            {"noise", 1.0}}},
          {"model", {{"hidden", {16}}, {"activation", "relu"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.5}}},
          {"batch_size", 0},
          {"steps", kSteps},
          {"eval_every", 2},
          {"diagnostics",
           {{"every", kSteps / 2},
            {"top_k", kTopK},
            {"lanczos_steps", 40},
            {"density_probes", 4},
            {"density_steps", 40},
            {"density_bins", 200}}}};
}

// The outliers: the top eigenvalues above the largest ratio lambda_i / lambda_{i+1} among the
// top-k (where the spectrum stops falling steeply, the bulk begins). The count and that ratio.
std::pair<int, double> outliers(const std::vector<double>& top) {
  int count = 0;
  double gap = 0;
  for (std::size_t i = 0; i + 1 < top.size(); ++i) {
    const double ratio = top[i + 1] > 0 ? top[i] / top[i + 1] : INFINITY;
    if (ratio > gap) {
      gap = ratio;
      count = static_cast<int>(i) + 1;
    }
  }
  return {count, gap};
}

// The density's weight on Ritz values within the bulk, |theta| <= kBulkEdge x lambda_1.
double bulk_weight(const DiagnosticRecord& r) {
  double inside = 0;
  for (std::size_t j = 0; j < r.density_nodes.size(); ++j) {
    if (std::abs(r.density_nodes[j]) <= kBulkEdge * r.eigenvalues.at(0)) {
      inside += r.density_weights[j];
    }
  }
  return inside;
}

}  // namespace

Demo hessian_spectrum_demo() {
  Demo d;
  d.name = "hessian_spectrum";
  d.title = "Hessian spectrum: a bulk and C - 1 outliers";
  d.claim =
      "After training on C classes the Hessian's eigenvalue density is a bulk near zero plus "
      "C - 1 outliers, separated from the bulk by a gap: 2 outliers for 3 classes, 4 for 5.";
  d.paper = paper("Empirical Analysis of the Hessian of Over-Parametrized Neural Networks",
                  "Sagun, Evci, Guney, Dauphin, Bottou", 2017, "ICLR 2018 Workshop");
  d.runs = {{"3 classes", spectrum_run(3)}, {"5 classes", spectrum_run(5)}};
  d.plots = {metric_plot("Sharpness (top Hessian eigenvalue)", {"sharpness"}),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"problem.classes", "seed"};
  d.check_description =
      "Full-batch GD (lr 0.5, 40 steps) of a 16-unit ReLU network on Gaussian classes in 10 "
      "dimensions. At the last measurement, for each run: the top 10 eigenvalues by Lanczos "
      "(40 steps) have their largest ratio gap lambda_i / lambda_{i+1} after i = C - 1, that "
      "ratio is at least 2, and the density by stochastic Lanczos quadrature (4 probes of 40 "
      "steps) puts at least 95% of its weight within 0.1 x lambda_1 of zero. Before training "
      "(1 step) no gap reaches 2 and the bulk holds 63-78%, so the check fails.";
  d.check = [](const Demo& demo) {
    ClaimReport report;
    for (const DemoRun& run : demo.runs) {
      std::vector<DiagnosticRecord> records;
      run_config(run.config, &records);
      const int classes = run.config.at("problem").at("classes").get<int>();
      const std::string name = std::to_string(classes) + "_classes_";
      if (records.empty() || records.back().eigenvalues.empty()) {
        report.require(name + "measured", 0, 1, 1);
        continue;
      }
      const auto [count, gap] = outliers(records.back().eigenvalues);
      report.require(name + "outliers", count, classes - 1, classes - 1);
      report.require_at_least(name + "outlier_gap", gap, kMinGap);
      report.require_at_least(name + "bulk_weight", bulk_weight(records.back()), kMinBulkWeight);
    }
    return report;
  };
  return d;
}

}  // namespace descent
