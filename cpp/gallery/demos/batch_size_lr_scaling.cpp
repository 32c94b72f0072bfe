// The best learning rate as a function of the batch size, at a fixed number of steps (100):
// a 64-32-10 ReLU network on digits, each optimizer swept over eight rates (factor 2) at five
// batch sizes (4 .. 1024, the last nearly the whole training set). The best rate is the one
// with the lowest final training loss. SGD's grows about linearly with the batch while the
// gradient noise limits it (x8 from batch 4 to 64), then stops at the stability limit (2.56;
// 5.12 diverges at every batch size). Adam's grows about as the square root (x2 from 4 to 64),
// Granziol et al.'s sqrt rule. The fall after a peak that Li et al. ("surge") predict for
// sign-like updates does not appear within these 100 steps: Adam's best rate never falls with
// the batch here, and the claim says so.
//
// A page per batch size shows five rates of each optimizer around its best; the check sweeps
// all eight again, reading the optimizer and the batch size off the demo's runs, so it fails
// with the batch size held fixed or the optimizers swapped (tests/cpp/test_sweep_demos.cpp).
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 100;
constexpr int kRates = 8;
constexpr std::array<int, 5> kBatches = {4, 16, 64, 256, 1024};
constexpr int kBatchCount = static_cast<int>(kBatches.size());
// The two optimizers, in the order each page lists them: the first is claimed to scale
// linearly, the second as the square root.
constexpr std::array<const char*, 2> kRoles = {"sgd", "adam"};
// The rates a page shows: kShown of the sweep from index kShownFrom[role][batch], around the
// best (SGD's best indices 2, 4, 5, 6, 6; Adam's 3, 4, 4, 6, 6).
constexpr int kShown = 5;
constexpr int kShownFrom[2][kBatchCount] = {{0, 2, 3, 3, 3}, {1, 2, 2, 3, 3}};
constexpr std::size_t kRunCount = std::size_t{2} * kShown * kBatchCount;

// The first rate of each optimizer's sweep; the others are 2x, 4x, ... 128x it.
double first_rate(const std::string& optimizer) { return optimizer == "sgd" ? 0.04 : 0.0016; }
double sweep_rate(const std::string& optimizer, int k) { return first_rate(optimizer) * (1 << k); }

nlohmann::json scaling_run(const std::string& optimizer, double lr, int batch) {
  return {{"schema", 1},
          {"seed", 0},
          {"problem", {{"kind", "dataset"}, {"name", "digits"}}},
          {"model", {{"hidden", {32}}, {"activation", "relu"}, {"loss", "cross_entropy"}}},
          {"optimizer", {{"name", optimizer}, {"lr", lr}}},
          {"batch_size", batch},
          {"steps", kSteps},
          {"eval_every", 10}};
}

// The rate of the sweep around a run's optimizer and batch size with the lowest final training
// loss (a diverged run counts as the worst).
double best_rate(const nlohmann::json& config) {
  const std::string optimizer = config["optimizer"]["name"].get<std::string>();
  double best = 0.0, best_loss = 0.0;
  for (int k = 0; k < kRates; ++k) {
    nlohmann::json c = with_value(config, "optimizer.lr", sweep_rate(optimizer, k));
    c["eval_every"] = kSteps;  // only the final loss is read
    const double loss = final_loss(run_config(c));
    if (k == 0 || loss < best_loss) {
      best = sweep_rate(optimizer, k);
      best_loss = loss;
    }
  }
  return best;
}

}  // namespace

Demo batch_size_lr_scaling_demo() {
  Demo d;
  d.name = "batch_size_lr_scaling";
  d.title = "The best learning rate against the batch size";
  d.claim =
      "At a fixed number of steps (100, digits), SGD's best learning rate grows about linearly "
      "with the batch size (x8 from batch 4 to 64) and then stops at the stability limit "
      "(2.56 from batch 256 on); Adam's grows about as its square root (x2 from 4 to 64). The "
      "fall after a peak predicted for Adam-like updates (the surge) does not show within 100 "
      "steps: Adam's best rate does not fall with the batch here.";
  d.paper = paper(
      "Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach "
      "to Neural Network Training",
      "Granziol, Zohren, Roberts", 2022, "JMLR 23");
  // A page holds ten runs (PageLimits::max_runs), cut from the demo's runs in their order
  // (gallery.cpp), so each batch size is a page of ten runs: five rates of each optimizer's
  // sweep around its best (measured by the check, seed 0), SGD's first, then Adam's.
  for (int b = 0; b < kBatchCount; ++b) {
    for (int role = 0; role < 2; ++role) {
      const std::string optimizer = kRoles[role];
      for (int k = kShownFrom[role][b]; k < kShownFrom[role][b] + kShown; ++k) {
        const double lr = sweep_rate(optimizer, k);
        d.runs.push_back({std::string(role == 0 ? "SGD" : "Adam") + ", lr " + number_label(lr),
                          scaling_run(optimizer, lr, kBatches[b])});
      }
    }
  }
  d.plots = {final_plot("Final training loss against the learning rate (one page per batch "
                        "size): the lowest point of each line is its best rate",
                        {"loss"}, "optimizer.lr", PlotScale::log_xy),
             metric_plot("Training loss", {"loss"}, PlotScale::log_y)};
  d.live_controls = {"optimizer.lr", "batch_size", "seed"};
  d.check_description =
      "For each run (an optimizer at a batch size: 4, 16, 64, 256, 1024), eight rates a factor "
      "2 apart (SGD 0.04 .. 5.12, Adam 0.0016 .. 0.2048), 100 steps each; the best rate has "
      "the lowest final training loss. Figures: SGD's best rate at batch 64 over batch 4 "
      "(>= 6, measured 8; seeds 1 and 2: 8, 8), at 1024 over 256 (<= 1: it has stopped), "
      "Adam's at 64 over 4 (<= 4, measured 2; seeds 1 and 2: 4, 2), Adam's at 1024 over its "
      "largest at a smaller batch (>= 1: no fall), and every page's five rates per optimizer "
      "holding the best. Measured best rates, SGD 0.16, 0.64, 1.28, 2.56, 2.56; Adam 0.0128, "
      "0.0256, "
      "0.0256, 0.1024, 0.1024 (seeds 1 and 2 reach 0.2048 at 1024). The surge is from Li et al., "
      "\"Surge Phenomenon in Optimal Learning Rate and Batch Size Scaling\" (NeurIPS 2024).";
  // The check sweeps all eight rates again for each page's two optimizers, reading the
  // optimizer and the batch size off the demo's runs (the first five of a page in the linear
  // role, the last five in the square-root role).
  d.check = [](const Demo& demo) {
    ClaimReport report;
    if (demo.runs.size() != kRunCount) {
      report.require("runs", static_cast<double>(demo.runs.size()), kRunCount, kRunCount);
      return report;
    }
    std::array<std::array<double, kBatchCount>, 2> best{};
    int outside = 0;
    for (int b = 0; b < kBatchCount; ++b) {
      for (int role = 0; role < 2; ++role) {
        const std::size_t first = static_cast<std::size_t>(2 * b + role) * kShown;
        best[role][b] = best_rate(demo.runs[first].config);
        // The page's lowest point is the sweep's best: its rates reach past it on both sides
        // unless the best is at an end of the sweep.
        bool shown = false;
        for (int k = 0; k < kShown; ++k) {
          shown = shown ||
                  demo.runs[first + k].config["optimizer"]["lr"].get<double>() == best[role][b];
        }
        outside += shown ? 0 : 1;
      }
    }
    const auto& sgd = best[0];
    const auto& adam = best[1];
    report.require_at_least("sgd_best_lr_batch_64_over_batch_4", sgd[2] / sgd[0], 6.0);
    report.require_at_most("sgd_best_lr_batch_1024_over_batch_256", sgd[4] / sgd[3], 1.0);
    report.require_at_most("adam_best_lr_batch_64_over_batch_4", adam[2] / adam[0], 4.0);
    report.require_at_least("adam_best_lr_batch_1024_over_largest_before",
                            adam[4] / *std::max_element(adam.begin(), adam.end() - 1), 1.0);
    report.require_at_most("pages_whose_rates_miss_the_best", outside, 0);
    return report;
  };
  return d;
}

}  // namespace descent
