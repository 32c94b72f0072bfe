// The claim check of incremental_learning fails without its key ingredients: from a large
// initialisation gradient descent learns X*'s eigenvalues together (no staircase, no
// plateau), and with ScaledGD replaced by gradient descent the second run learns them one at
// a time as well (its learning times are as spread as the first run's).
#include <gtest/gtest.h>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"

namespace descent {
namespace {

bool passes(const Demo& demo) { return demo.check(demo).pass(); }

TEST(SensingDemos, IncrementalLearningNeedsASmallInitAndScaledGd) {
  const Demo demo = incremental_learning_demo();
  ASSERT_TRUE(passes(demo));
  for (const double init : {0.1, 0.3}) {
    Demo large = demo;
    for (auto& run : large.runs) {
      run.config = with_value(run.config, "problem.init_scale", init);
    }
    EXPECT_FALSE(passes(large)) << "init_scale " << init;
  }
  Demo plain = demo;
  plain.runs[1].config = demo.runs[0].config;
  EXPECT_FALSE(passes(plain)) << "ScaledGD replaced by gradient descent";
}

}  // namespace
}  // namespace descent
