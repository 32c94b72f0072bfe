// The claim checks of clipping_heavy_tails and weight_averaging fail without their key
// ingredient: with Gaussian instead of alpha-stable noise, or without the clip, clipped SGD is
// not ahead enough of plain SGD; without averaging, or at a learning rate where the iterate
// hardly bounces, the averages are not below the last iterate.
#include <gtest/gtest.h>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"

namespace descent {
namespace {

bool passes(const Demo& demo) { return demo.check(demo).pass(); }

TEST(NoiseDemos, ClippingHeavyTailsNeedsHeavyTailsAndTheClip) {
  const Demo demo = clipping_heavy_tails_demo();
  ASSERT_TRUE(passes(demo));
  Demo gaussian = demo;
  for (auto& run : gaussian.runs) run.config["transforms"][0]["alpha"] = 2.0;
  EXPECT_FALSE(passes(gaussian)) << "light-tailed noise";
  Demo unclipped = demo;
  unclipped.runs[1].config = unclipped.runs[0].config;
  EXPECT_FALSE(passes(unclipped)) << "no clipping";
}

TEST(NoiseDemos, WeightAveragingNeedsTheAveragesAndABouncingIterate) {
  const Demo demo = weight_averaging_demo();
  ASSERT_TRUE(passes(demo));
  Demo small_lr = demo;
  const double lr = demo.runs[0].config["optimizer"]["lr"].get<double>();
  small_lr.runs[0].config = with_value(demo.runs[0].config, "optimizer.lr", lr / 50);
  EXPECT_FALSE(passes(small_lr)) << "a learning rate 50x smaller";
  Demo plain = demo;
  plain.runs[0].config.erase("averaging");
  EXPECT_FALSE(passes(plain)) << "no averaging";
}

}  // namespace
}  // namespace descent
