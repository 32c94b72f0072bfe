// The zoo harness on a known optimizer: Adam against its plain reference, on a function and
// a network, and a deliberately wrong reference that must be caught.
#include "tests/reference/adam.h"

namespace descent {
namespace {

TEST(ZooHarness, AdamMatchesItsReferenceOnAFunctionAndANetwork) {
  for (const auto& problem : {zoo::rosenbrock(), zoo::network()}) {
    reference::Adam ref(0.9, 0.999, 1e-8);
    auto result = zoo::compare(problem, {{"name", "adam"}, {"lr", 0.01}}, ref, 100);
    EXPECT_EQ(result.steps, 100);
    // float32 core against a reference keeping its state in double: 1e-4 relative.
    EXPECT_LT(result.max_relative_deviation, 1e-4) << problem.name;
  }
}

TEST(ZooHarness, AWrongReferenceIsCaught) {
  reference::Adam wrong(0.8, 0.999, 1e-8);  // beta1 differs from the core's
  auto result = zoo::compare(zoo::network(), {{"name", "adam"}, {"lr", 0.01}}, wrong, 50);
  EXPECT_GT(result.max_relative_deviation, 1e-3);
}

}  // namespace
}  // namespace descent
