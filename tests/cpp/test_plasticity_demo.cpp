// The claim check of loss_of_plasticity passes, on seeds 1 and 2, and fails without its key
// ingredient: with shrink-and-perturb off in the second run (lambda 1, sigma 0) both runs lose
// plasticity alike.
#include <gtest/gtest.h>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"

namespace descent {
namespace {

bool passes(const Demo& demo) { return demo.check(demo).pass(); }

TEST(PlasticityDemo, LossOfPlasticityNeedsShrinkAndPerturb) {
  const Demo demo = loss_of_plasticity_demo();
  EXPECT_TRUE(passes(demo));
  Demo seed2 = demo;
  for (auto& run : seed2.runs) run.config = with_value(run.config, "seed", 2);
  EXPECT_TRUE(passes(seed2)) << "seed 2";
  Demo off = demo;
  off.runs[1].config = demo.runs[0].config;
  EXPECT_FALSE(passes(off)) << "shrink-and-perturb off";
}

}  // namespace
}  // namespace descent
