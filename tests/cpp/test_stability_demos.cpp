// The claim check of sgd_stability_batch fails without its key ingredient, the batch size:
// with every run full batch, or every run at the same minibatch size, the sharpness does not
// fall from run to run.
#include <gtest/gtest.h>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"

namespace descent {
namespace {

bool passes(const Demo& demo) { return demo.check(demo).pass(); }

Demo with_batch_everywhere(Demo demo, int batch) {
  for (auto& run : demo.runs) run.config = with_value(run.config, "batch_size", batch);
  return demo;
}

TEST(StabilityDemos, SgdStabilityBatchNeedsSmallerBatches) {
  const Demo demo = sgd_stability_batch_demo();
  ASSERT_TRUE(passes(demo));
  EXPECT_FALSE(passes(with_batch_everywhere(demo, 0))) << "every run full batch";
  EXPECT_FALSE(passes(with_batch_everywhere(demo, 8))) << "every run at batch 8";
}

}  // namespace
}  // namespace descent
