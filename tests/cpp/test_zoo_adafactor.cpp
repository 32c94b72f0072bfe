// Adafactor (adaptive family) against its plain reference (tests/reference/adaptive/adafactor.h)
// on a 2-D function, the 2-8-8-3 network and a problem of weight matrices, and its defining
// property: the second-moment state of an n x m matrix is n + m numbers, and it loses nothing
// when the squared gradient is rank 1.
//
// Tolerance 1e-4 relative, the float32 core against the double-state reference as for Adam.
#include <cstdio>
#include <cstdlib>
#include <map>

#include "optim/optimizers/adaptive/adafactor.h"
#include "tests/cpp/zoo_harness.h"
#include "tests/cpp/zoo_matrices.h"
#include "tests/reference/adaptive/adafactor.h"

namespace descent {
namespace {

using json = nlohmann::json;

using zoo::expect_lockstep;

TEST(ZooAdafactor, MatchesItsReference) {
  reference::Adafactor r1;
  expect_lockstep(zoo::rosenbrock(), {{"name", "adafactor"}}, r1, 80);
  reference::Adafactor r2;
  expect_lockstep(zoo::network(), {{"name", "adafactor"}}, r2, 60);
  // Only the 8 x 8 matrix is factored; the 8 x 2 and 3 x 8 ones keep a full second moment.
  reference::Adafactor r3(0.8, 1e-30, 1e-3, 1.0, 4);
  expect_lockstep(zoo::network(), {{"name", "adafactor"}, {"min_dim_size_to_factor", 4}}, r3, 60);
  reference::Adafactor r5(0.5, 1e-30, 1e-3, 0.5, 2);
  expect_lockstep(zoo::network(),
                  {{"name", "adafactor"}, {"decay_rate", 0.5}, {"clip_threshold", 0.5}}, r5, 60);
  reference::Adafactor r4;
  const double dev = zoo::compare_on_matrices("adafactor", {}, r4, 60, 1.0);
  EXPECT_LT(dev, 1e-4) << "matrices";
}

// Factoring matters: a reference that keeps the full second moment drifts away on the matrices.
TEST(ZooAdafactor, AnUnfactoredReferenceIsCaught) {
  reference::Adafactor unfactored(0.8, 1e-30, 1e-3, 1.0, 1 << 20);
  EXPECT_GT(zoo::compare_on_matrices("adafactor", {}, unfactored, 60, 1.0), 1e-3);
}

ParamLayout big_layout() {
  ParamLayout l;
  l.add("a.weight", 64, 32, TensorRole::Weight);
  l.add("b.weight", 128, 128, TensorRole::Weight);
  l.add("c.weight", 10, 128, TensorRole::Weight);
  l.add("c.bias", 10, 1, TensorRole::Bias);
  return l;
}

// Sublinear memory: the state of an n x m matrix is its n row and m column statistics.
TEST(ZooAdafactor, StateIsRowsPlusColumnsPerMatrix) {
  const ParamLayout layout = big_layout();
  adaptive::ScaleByAdafactor::Options o;
  adaptive::ScaleByAdafactor factored(o);
  factored.init(layout);
  EXPECT_EQ(factored.state_size(), (64u + 32u) + (128u + 128u) + (10u + 128u) + 10u);
  EXPECT_LT(factored.state_size() * 30, static_cast<std::size_t>(layout.size));

  o.min_dim_size_to_factor = 1 << 20;  // nothing factored: Adam's full second moment
  adaptive::ScaleByAdafactor full(o);
  full.init(layout);
  EXPECT_EQ(full.state_size(), static_cast<std::size_t>(layout.size));

  o.min_dim_size_to_factor = 2;
  o.beta1 = 0.9;  // momentum costs one number per parameter
  adaptive::ScaleByAdafactor with_momentum(o);
  with_momentum.init(layout);
  EXPECT_EQ(with_momentum.state_size(), factored.state_size() + layout.size);
}

// The factored estimate R C / sum(R) is exact when the squared gradient is rank 1
// (G = a b^T): then the factored and the full second moment give the same updates, here over
// a few steps of gradients (1 + t / 2) a b^T; for a generic G they differ.
TEST(ZooAdafactor, FactoringIsExactForRankOneSquaredGradients) {
  ParamLayout layout;
  layout.add("w.weight", 7, 5, TensorRole::Weight);
  adaptive::ScaleByAdafactor::Options o;
  adaptive::ScaleByAdafactor factored(o);
  o.min_dim_size_to_factor = 1 << 20;
  adaptive::ScaleByAdafactor full(o);
  factored.init(layout);
  full.init(layout);
  Rng rng(3, Stream::Probe);
  Vec params(layout.size), a(7), b(5);
  for (int k = 0; k < layout.size; ++k) params[k] = static_cast<Scalar>(rng.normal());
  for (int i = 0; i < 7; ++i) a[i] = static_cast<Scalar>(rng.normal());
  for (int j = 0; j < 5; ++j) b[j] = static_cast<Scalar>(rng.normal());
  double generic_gap = 0;
  for (int t = 1; t <= 4; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.lr = 1.0;
    ctx.layout = &layout;
    Vec g(layout.size);
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 7; ++i) g[i + 7 * j] = static_cast<Scalar>(1.0 + 0.5 * t) * a[i] * b[j];
    Vec u1 = g, u2 = g;
    factored.update(u1, params, ctx);
    full.update(u2, params, ctx);
    EXPECT_LT((u1 - u2).cwiseAbs().maxCoeff(), 1e-5f * u2.cwiseAbs().maxCoeff()) << "step " << t;
  }
  // A generic gradient: the rank-1 estimate is not the full second moment.
  adaptive::ScaleByAdafactor f2(adaptive::ScaleByAdafactor::Options{});
  f2.init(layout);
  o.min_dim_size_to_factor = 1 << 20;
  adaptive::ScaleByAdafactor full2(o);
  full2.init(layout);
  Vec g(layout.size);
  for (int k = 0; k < layout.size; ++k) g[k] = static_cast<Scalar>(rng.normal());
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 1.0;
  Vec u1 = g, u2 = g;
  f2.update(u1, params, ctx);
  full2.update(u2, params, ctx);
  generic_gap = (u1 - u2).cwiseAbs().maxCoeff() / u2.cwiseAbs().maxCoeff();
  EXPECT_GT(generic_gap, 1e-2);
}

}  // namespace
}  // namespace descent
