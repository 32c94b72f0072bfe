// The sharpness family against plain references (tests/reference/sharpness/) and tests of
// each method's defining property.
//
// Tolerances: 1e-4 relative (max over steps of the largest parameter difference over
// max(1, |params|_inf)): the float32 core against references keeping their state in double,
// as for Adam in test_zoo_harness.cpp. Flooding's branch (L < b) is a discontinuity; the
// problems and flood levels were chosen so that the loss crosses b several times yet both
// trajectories take the same branches (the ascent counts are checked to be non-trivial).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "optim/optimizers/families.h"
#include "tests/reference/sharpness/gradient_stages.h"
#include "tests/reference/sharpness/particles.h"
#include "tests/reference/sharpness/sam.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::sharpness;

void expect_match(const zoo::Problem& problem, const json& optimizer, zoo::ReferenceOptimizer& r,
                  int steps, double tolerance, const json& extra = json::object()) {
  auto result = zoo::compare(problem, optimizer, r, steps, extra);
  std::printf("DEV %-10s %d %.3e %s %s\n", problem.name.c_str(), steps,
              result.max_relative_deviation, optimizer.dump().c_str(), extra.dump().c_str());
  EXPECT_EQ(result.steps, steps) << problem.name;
  EXPECT_LT(result.max_relative_deviation, tolerance)
      << problem.name << " " << optimizer.dump() << " " << extra.dump();
}

json with_transform(const json& transform) { return {{"transforms", json::array({transform})}}; }

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          std::map<std::string, double> numbers,
                                          const ParamLayout& layout) {
  const OptimizerInfo* info = find_optimizer(name);
  EXPECT_NE(info, nullptr) << name;
  ParamValues given;
  given.numbers = std::move(numbers);
  auto opt = info->make(with_defaults(info->params, given));
  opt->set_stages(Chain(), Chain());
  opt->init(layout);
  return opt;
}

TransformPtr make_stage(const std::string& name, std::map<std::string, double> numbers) {
  const TransformInfo* info = find_transform(name);
  EXPECT_NE(info, nullptr) << name;
  ParamValues given;
  given.numbers = std::move(numbers);
  return info->make(with_defaults(info->params, given));
}

// A quadratic 0.5 x^T A x in 2-D that records every point it is asked about.
class RecordingObjective final : public Objective {
 public:
  double value_and_grad(ConstVecRef x, VecRef grad) override {
    points.push_back(x);
    grad[0] = 3 * x[0] + x[1];
    grad[1] = x[0] + 2 * x[1];
    return value(x);
  }
  double value(ConstVecRef x) override {
    return 0.5 * (3 * x[0] * x[0] + 2 * x[0] * x[1] + 2 * x[1] * x[1]);
  }
  std::vector<Vec> points;
};

// ---------------------------------------------------------------------------------------------
// Lockstep references

TEST(ZooSharpness, SamMatchesReference) {
  ref::Sam r1(0.05, 1.0, 0.9);
  expect_match(zoo::rosenbrock(), {{"name", "sam"}, {"lr", 2e-4}, {"rho", 0.05}}, r1, 100, 1e-4);
  ref::Sam r2(0.1, 1.0, 0.9);
  expect_match(zoo::network(), {{"name", "sam"}, {"lr", 0.05}, {"rho", 0.1}}, r2, 100, 1e-4);
  ref::Sam r3(0.05, 1.0, 0.0);
  expect_match(zoo::quadratic(), {{"name", "sam"}, {"lr", 0.05}, {"momentum", 0.0}}, r3, 60, 1e-4);
}

TEST(ZooSharpness, GradientNormRegularizationMatchesReference) {
  ref::Sam r1(0.01, 0.8, 0.9);
  expect_match(zoo::rosenbrock(), {{"name", "gradient_norm_regularization"}, {"lr", 5e-4}}, r1, 100,
               1e-4);
  ref::Sam r2(0.1, 0.5, 0.9);
  expect_match(zoo::network(),
               {{"name", "gradient_norm_regularization"}, {"lr", 0.05}, {"r", 0.1}, {"alpha", 0.5}},
               r2, 100, 1e-4);
}

TEST(ZooSharpness, FloodingMatchesReference) {
  {
    ref::FloodedSgd r(2.0);
    expect_match(zoo::booth(), {{"name", "sgd"}, {"lr", 0.02}}, r, 80, 1e-4,
                 with_transform({{"name", "flooding"}, {"b", 2.0}}));
    EXPECT_GT(r.ascents, 5);
    EXPECT_LT(r.ascents, 75);
  }
  {
    ref::FloodedSgd r(0.5);
    expect_match(zoo::network(), {{"name", "sgd"}, {"lr", 0.5}}, r, 100, 1e-4,
                 with_transform({{"name", "flooding"}, {"b", 0.5}}));
    EXPECT_GT(r.ascents, 5);
    EXPECT_LT(r.ascents, 95);
  }
}

TEST(ZooSharpness, PerpGradMatchesReference) {
  for (bool renormalize : {true, false}) {
    ref::PerpGradSgd r1(renormalize);
    // Renormalising is ill-conditioned where g is nearly parallel to w: a zero-initialised
    // bias after its first step is -lr g, the next gradient nearly the same, so g_perp is a
    // small difference of float32 numbers, then scaled up by ||g|| / ||g_perp||. The core's
    // float32 parameters enter that difference: 2e-3 with renormalisation (observed 8.5e-4),
    // 1e-4 without (observed 6e-8; and 8e-9 on the quadratic with it).
    expect_match(zoo::network(), {{"name", "sgd"}, {"lr", 0.1}}, r1, 100, renormalize ? 2e-3 : 1e-4,
                 with_transform({{"name", "perpgrad"}, {"renormalize", renormalize}}));
    ref::PerpGradSgd r2(renormalize);
    expect_match(zoo::quadratic(), {{"name", "sgd"}, {"lr", 0.05}}, r2, 60, 1e-4,
                 with_transform({{"name", "perpgrad"}, {"renormalize", renormalize}}));
  }
}

// Particle methods: the same draws as the run's optimizer stream (seed 5, see particles.h).
TEST(ZooSharpness, CboMatchesReference) {
  ref::Cbo r1(50, 1.0, 0.8, 30.0, 1.0, 5);
  // exp(-30 f) weights on Rosenbrock's large values amplify float32 differences in f: 1e-3.
  expect_match(zoo::rosenbrock(), {{"name", "cbo"}}, r1, 60, 1e-3);
  ref::Cbo r2(20, 1.0, 0.5, 10.0, 0.5, 5);
  expect_match(zoo::booth(),
               {{"name", "cbo"},
                {"particles", 20},
                {"sigma", 0.5},
                {"alpha", 10.0},
                {"init_std", 0.5},
                {"lr", 0.1}},
               r2, 60, 1e-4);
}

TEST(ZooSharpness, EsMatchesReference) {
  ref::Es r1(10, 0.1, 5);
  expect_match(zoo::rosenbrock(), {{"name", "es"}, {"lr", 1e-3}}, r1, 60, 1e-4);
  ref::Es r2(4, 0.5, 5);
  expect_match(zoo::quadratic(), {{"name", "es"}, {"lr", 0.05}, {"pairs", 4}, {"sigma", 0.5}}, r2,
               60, 1e-4);
}

TEST(ZooSharpness, AWrongSamReferenceIsCaught) {
  ref::Sam wrong(0.2, 1.0, 0.9);  // rho differs from the core's
  auto result =
      zoo::compare(zoo::network(), {{"name", "sam"}, {"lr", 0.05}, {"rho", 0.1}}, wrong, 50);
  EXPECT_GT(result.max_relative_deviation, 1e-3);
}

// ---------------------------------------------------------------------------------------------
// Defining properties

// SAM takes its second gradient at w + rho g/||g|| and steps from w with it.
TEST(ZooSharpness, SamEvaluatesTheGradientAtThePerturbedPoint) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  for (const std::string name : {"sam", "gradient_norm_regularization"}) {
    const double rho = 0.3;
    auto opt = make_optimizer(name, {{"rho", rho}, {"r", rho}, {"momentum", 0.0}}, layout);
    RecordingObjective objective;
    Vec w(2);
    w << 1.0f, -2.0f;
    Vec update(2);
    StepContext ctx;
    ctx.layout = &layout;
    ctx.lr = 0.1;
    opt->step(objective, w, update, ctx);
    ASSERT_EQ(objective.points.size(), 2u) << name;
    // Component-wise in double (Eigen norms of 2-vectors trip a GCC 12 -Warray-bounds false
    // positive in xmmintrin.h).
    const double w0 = w[0], w1 = w[1];
    EXPECT_EQ(objective.points[0][0], w[0]) << name;
    EXPECT_EQ(objective.points[0][1], w[1]) << name;
    const double g0 = 3 * w0 + w1, g1 = w0 + 2 * w1;  // the gradient at w
    const double gn = std::sqrt(g0 * g0 + g1 * g1);
    const double e0 = w0 + rho * g0 / gn, e1 = w1 + rho * g1 / gn;  // w + rho g/||g||
    EXPECT_NEAR(objective.points[1][0], e0, 1e-6) << name;
    EXPECT_NEAR(objective.points[1][1], e1, 1e-6) << name;
    const double p0 = objective.points[1][0] - w0, p1 = objective.points[1][1] - w1;
    EXPECT_NEAR(std::sqrt(p0 * p0 + p1 * p1), rho, 1e-6) << name;
    // The step uses the perturbed gradient (SAM) or the alpha-mix (GNR, alpha = 0.8).
    const double h0 = 3 * e0 + e1, h1 = e0 + 2 * e1;  // the gradient at the perturbed point
    const double a = name == "sam" ? 1.0 : 0.8;
    EXPECT_NEAR(update[0], -0.1 * ((1 - a) * g0 + a * h0), 1e-6) << name;
    EXPECT_NEAR(update[1], -0.1 * ((1 - a) * g1 + a * h1), 1e-6) << name;
  }
}

// Below the flood level the gradient is negated, above it it passes unchanged; in a run the
// training loss settles around b instead of going to zero.
TEST(ZooSharpness, FloodingAscendsBelowTheFloodLevel) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  auto flood = make_stage("flooding", {{"b", 0.5}});
  flood->init(layout);
  Vec w = Vec::Zero(2), g(2);
  g << 1.0f, -3.0f;
  StepContext ctx;
  ctx.layout = &layout;
  Vec u = g;
  ctx.loss = 0.7;
  flood->update(u, w, ctx);
  EXPECT_EQ((u - g).norm(), 0.0f);
  ctx.loss = 0.3;
  flood->update(u, w, ctx);
  EXPECT_EQ((u + g).norm(), 0.0f);

  const double b = 0.3;
  auto config =
      zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "sgd"}, {"lr", 0.2}}, 400,
                                          with_transform({{"name", "flooding"}, {"b", b}})));
  descent::Run run(config);
  run.step(400);
  Vec p = run.params();
  const double final_loss = run.problem().value(p);
  EXPECT_NEAR(final_loss, b, 0.05);
  // Without flooding the same run goes well below b.
  auto plain =
      zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "sgd"}, {"lr", 0.2}}, 400));
  descent::Run plain_run(plain);
  plain_run.step(400);
  Vec q = plain_run.params();
  EXPECT_LT(plain_run.problem().value(q), b - 0.1);
}

// The projected gradient is orthogonal to each tensor of the weights (and keeps each
// tensor's gradient norm when renormalising).
TEST(ZooSharpness, PerpGradIsOrthogonalToEachWeightTensor) {
  auto config = zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "sgd"}}, 10));
  descent::Run run(config);
  const ParamLayout& layout = run.problem().layout();
  ASSERT_GT(layout.tensors.size(), 2u);
  const Vec w = run.params();
  Rng rng(3, 7);
  for (bool renormalize : {true, false}) {
    auto stage = make_stage("perpgrad", {{"renormalize", renormalize ? 1.0 : 0.0}});
    stage->init(layout);
    Vec g(layout.size);
    for (int i = 0; i < layout.size; ++i) g[i] = static_cast<Scalar>(rng.normal());
    Vec u = g;
    StepContext ctx;
    ctx.layout = &layout;
    stage->update(u, w, ctx);
    for (const TensorSlice& t : layout.tensors) {
      const auto ws = w.segment(t.offset, t.size());
      const auto gs = g.segment(t.offset, t.size());
      const auto us = u.segment(t.offset, t.size());
      if (ws.norm() == 0) continue;  // zero-initialised biases: nothing to project out
      const double before = std::abs(ws.dot(gs)) / (ws.norm() * gs.norm());
      const double after = std::abs(ws.dot(us)) / (ws.norm() * us.norm());
      EXPECT_GT(before, 1e-3) << t.name;  // the test gradient did have a radial part
      EXPECT_LT(after, 1e-5) << t.name;
      if (renormalize) {
        EXPECT_NEAR(us.norm(), gs.norm(), 1e-4 * gs.norm()) << t.name;
      }
    }
  }
}

// An objective that must never be asked for a gradient.
class ValuesOnly final : public Objective {
 public:
  double value_and_grad(ConstVecRef x, VecRef grad) override {
    ADD_FAILURE() << "gradient requested";
    grad.setZero();
    return value(x);
  }
  double value(ConstVecRef x) override {
    ++values;
    const double a = x[0] - 1, b = x[1] + 0.5;
    return 3 * a * a + 2 * a * b + 2 * b * b;
  }
  int values = 0;
};

// CBO is derivative-free: its consensus point reaches the minimum using function values only.
TEST(ZooSharpness, CboFindsTheMinimumWithoutGradients) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  auto opt = make_optimizer(
      "cbo", {{"particles", 100}, {"lr", 0.05}, {"init_std", 2.0}, {"alpha", 100.0}}, layout);
  ValuesOnly f;
  Rng rng(11, 4);
  Vec x(2), u(2);
  x << -2.0f, 2.0f;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 0.05;
  ctx.rng = &rng;
  for (int t = 1; t <= 300; ++t) {
    ctx.step = t;
    opt->step(f, x, u, ctx);
    x += u;
  }
  EXPECT_EQ(f.values, 300 * 101);
  EXPECT_NEAR(x[0], 1.0, 0.1);  // from 3 away
  EXPECT_NEAR(x[1], -0.5, 0.1);
}

// ES with mirrored sampling estimates the gradient: on a quadratic, f(x + s e) - f(x - s e) =
// 2 s g.e exactly, so with many pairs the step is close to -lr g.
TEST(ZooSharpness, EsEstimatesTheGradient) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  auto opt = make_optimizer("es", {{"pairs", 20000}, {"sigma", 0.3}}, layout);
  ValuesOnly f;
  Rng rng(11, 4);
  Vec x(2), u(2);
  x << -2.0f, 2.0f;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 1.0;
  ctx.rng = &rng;
  opt->step(f, x, u, ctx);
  Vec g(2);
  g << 6 * (x[0] - 1) + 2 * (x[1] + 0.5f), 2 * (x[0] - 1) + 4 * (x[1] + 0.5f);
  EXPECT_EQ(f.values, 1 + 2 * 20000);
  EXPECT_LT((-u - g).norm(), 0.05f * g.norm());
}

TEST(ZooSharpness, CatalogEntriesAreComplete) {
  for (const auto& info : sharpness_optimizers()) {
    EXPECT_FALSE(info.title.empty() || info.description.empty() || info.citation.title.empty())
        << info.name;
    EXPECT_EQ(info.gradients_per_step, info.functions_only ? 0 : 2) << info.name;
    EXPECT_NE(find_optimizer(info.name), nullptr) << info.name;
  }
  for (const auto& info : sharpness_transforms()) {
    EXPECT_EQ(info.stage, TransformStage::Pre) << info.name;
    EXPECT_NE(find_transform(info.name), nullptr) << info.name;
  }
}

}  // namespace
}  // namespace descent

namespace descent {
namespace {

// The particle view of CBO is the cloud its consensus point came from: recomputing the
// Gibbs-weighted mean (Pinnau et al. 2017, Eq. 1) of the viewed particles gives the point
// the step moved to. Empty before the first step and for single-point optimizers.
TEST(ZooSharpness, CboParticleViewIsTheCloudOfTheConsensusPoint) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  const double alpha = 30.0;
  auto opt = make_optimizer("cbo", {{"particles", 37}, {"lr", 0.05}, {"alpha", alpha}}, layout);
  EXPECT_EQ(opt->particles().count, 0);
  ValuesOnly f;
  Rng rng(5, 4);
  Vec x(2), u(2);
  x << -2.0f, 2.0f;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 0.05;
  ctx.rng = &rng;
  for (int t = 1; t <= 20; ++t) {
    ctx.step = t;
    opt->step(f, x, u, ctx);
    x += u;
    const ParticleView view = opt->particles();
    ASSERT_EQ(view.count, 37);
    ASSERT_EQ(view.dim, 2);
    std::vector<double> fs;
    for (int i = 0; i < view.count; ++i) {
      Vec p(2);
      p << view.data[2 * i], view.data[2 * i + 1];
      fs.push_back(f.value(p));
    }
    const double fmin = *std::min_element(fs.begin(), fs.end());
    double w_sum = 0, vx = 0, vy = 0;
    for (int i = 0; i < view.count; ++i) {
      const double w = std::exp(-alpha * (fs[static_cast<std::size_t>(i)] - fmin));
      w_sum += w;
      vx += w * view.data[2 * i];
      vy += w * view.data[2 * i + 1];
    }
    EXPECT_NEAR(vx / w_sum, x[0], 1e-5) << t;
    EXPECT_NEAR(vy / w_sum, x[1], 1e-5) << t;
  }
  auto sgd = make_optimizer("sgd", {}, layout);
  EXPECT_EQ(sgd->particles().count, 0);
}

// ES's view is its 2 x pairs mirrored samples, centred on the point before the step.
TEST(ZooSharpness, EsParticleViewIsTheMirroredSamples) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  const double sigma = 0.25;
  auto opt = make_optimizer("es", {{"pairs", 6}, {"sigma", sigma}}, layout);
  EXPECT_EQ(opt->particles().count, 0);
  ValuesOnly f;
  Rng rng(5, 4);
  Vec x(2), u(2);
  x << -2.0f, 2.0f;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 0.01;
  ctx.rng = &rng;
  for (int t = 1; t <= 5; ++t) {
    ctx.step = t;
    const Vec before = x;
    opt->step(f, x, u, ctx);
    x += u;
    const ParticleView view = opt->particles();
    ASSERT_EQ(view.count, 12);
    ASSERT_EQ(view.dim, 2);
    for (int k = 0; k < 6; ++k) {
      const float* plus = view.data + 4 * k;
      const float* minus = plus + 2;
      for (int d = 0; d < 2; ++d)
        EXPECT_NEAR(0.5 * (plus[d] + minus[d]), before[d], 1e-6) << t << " " << k;
    }
    // The samples are not all the same point: they spread by about sigma.
    double spread = 0;
    for (int i = 0; i < view.count; ++i)
      spread += std::hypot(view.data[2 * i] - before[0], view.data[2 * i + 1] - before[1]);
    EXPECT_GT(spread / view.count, 0.3 * sigma);
    EXPECT_LT(spread / view.count, 3 * sigma);
  }
}

}  // namespace
}  // namespace descent
