// The claim check of batch_size_lr_scaling fails without its key ingredient: with the batch
// size held fixed, no optimizer's best learning rate moves, so SGD's does not grow with it; with
// the two optimizers' runs swapped on every page, SGD's growth (x8) is read as Adam's and
// Adam's (x2) as SGD's, and both figures fail.
#include <gtest/gtest.h>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"

namespace descent {
namespace {

TEST(SweepDemos, BatchSizeLrScalingNeedsTheBatchSizeToChange) {
  Demo fixed = batch_size_lr_scaling_demo();
  // Batch 4 everywhere (the cheapest sweep); the runs keep their optimizer.
  for (auto& run : fixed.runs) run.config = with_value(run.config, "batch_size", 4);
  const ClaimReport report = fixed.check(fixed);
  EXPECT_FALSE(report.pass());
  for (const auto& f : report.figures) {
    if (f.name == "sgd_best_lr_batch_64_over_batch_4") {
      EXPECT_FALSE(f.pass);
      EXPECT_DOUBLE_EQ(f.value, 1.0);
    }
  }
}

TEST(SweepDemos, BatchSizeLrScalingNeedsTheTwoOptimizers) {
  const Demo demo = batch_size_lr_scaling_demo();
  // Each page (a batch size) lists five SGD runs, then five Adam runs: swap the two blocks.
  constexpr std::size_t kBlock = 5;
  Demo swapped = demo;
  for (std::size_t i = 0; i < demo.runs.size(); ++i) {
    const std::size_t page = i / (2 * kBlock), block = (i / kBlock) % 2, k = i % kBlock;
    swapped.runs[i] = demo.runs[(2 * page + 1 - block) * kBlock + k];
  }
  const ClaimReport report = swapped.check(swapped);
  EXPECT_FALSE(report.pass());
  int failed = 0;
  for (const auto& f : report.figures) {
    if (f.name == "sgd_best_lr_batch_64_over_batch_4" ||
        f.name == "adam_best_lr_batch_64_over_batch_4") {
      failed += f.pass ? 0 : 1;
    }
  }
  EXPECT_EQ(failed, 2) << "both growth figures fail with the optimizers swapped";
}

}  // namespace
}  // namespace descent
