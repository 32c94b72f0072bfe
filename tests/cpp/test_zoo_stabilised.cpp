// The stabilised family: every catalog entry against its plain reference (tests/reference/
// stabilised/) in lockstep through real run configs, and a behaviour test of its defining
// property.
//
// Tolerances. Unless said otherwise, 1e-4 relative (max over steps of the largest parameter
// difference over max(1, |p|_inf)): the core runs in float32, the references keep their state
// in double, and the gap stays within a few float32 roundings amplified by a few hundred
// steps. The rounding transforms are compared against a float32 reference with the core's
// operation order and must agree to 1e-6 (in practice exactly): rounding is discontinuous,
// so a double reference would flip levels at near-ties. Stable-SPAM is compared over fewer
// steps (80 and 100) because its trajectories are sensitive (see its test).
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>

#include "optim/optimizers/families.h"
#include "optim/optimizers/stabilised/spam.h"
#include "tests/reference/stabilised/adagrad_norm.h"
#include "tests/reference/stabilised/agc.h"
#include "tests/reference/stabilised/fira_limiter.h"
#include "tests/reference/stabilised/gradient_centralization.h"
#include "tests/reference/stabilised/gradient_noise.h"
#include "tests/reference/stabilised/lamb.h"
#include "tests/reference/stabilised/lars.h"
#include "tests/reference/stabilised/lookahead.h"
#include "tests/reference/stabilised/norm_loss.h"
#include "tests/reference/stabilised/pnm.h"
#include "tests/reference/stabilised/ranger21.h"
#include "tests/reference/stabilised/rounding.h"
#include "tests/reference/stabilised/spam.h"
#include "tests/reference/stabilised/stable_spam.h"
#include "tests/reference/stabilised/stable_weight_decay.h"
#include "tests/reference/stabilised/subset_norm.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::stab;

// ---------------------------------------------------------------------------------------------
// Helpers

void expect_match(const zoo::Problem& problem, const json& optimizer, zoo::ReferenceOptimizer& r,
                  int steps, double tolerance, const json& extra = json::object()) {
  auto result = zoo::compare(problem, optimizer, r, steps, extra);
  EXPECT_EQ(result.steps, steps) << problem.name;
  EXPECT_LT(result.max_relative_deviation, tolerance)
      << problem.name << " " << optimizer.dump() << " " << extra.dump();
}

json with_transform(const json& transform) { return {{"transforms", json::array({transform})}}; }

std::unique_ptr<zoo::ReferenceOptimizer> pipeline(std::vector<ref::Stage> pre,
                                                  std::unique_ptr<ref::Inner> inner,
                                                  std::vector<ref::Stage> post) {
  return std::make_unique<ref::Pipeline>(std::move(pre), std::move(inner), std::move(post));
}

ParamValues values(const std::vector<ParamSpec>& specs, std::map<std::string, double> numbers,
                   std::map<std::string, std::string> choices = {}) {
  ParamValues given;
  given.numbers = std::move(numbers);
  given.choices = std::move(choices);
  return with_defaults(specs, given);
}

TransformPtr make_stage(const std::string& name, std::map<std::string, double> numbers,
                        std::map<std::string, std::string> choices = {}) {
  const TransformInfo* info = find_transform(name);
  EXPECT_NE(info, nullptr) << name;
  return info->make(values(info->params, std::move(numbers), std::move(choices)));
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          std::map<std::string, double> numbers,
                                          const ParamLayout& layout,
                                          std::map<std::string, std::string> choices = {}) {
  const OptimizerInfo* info = find_optimizer(name);
  EXPECT_NE(info, nullptr) << name;
  auto opt = info->make(values(info->params, std::move(numbers), std::move(choices)));
  opt->set_stages(Chain(), Chain());
  opt->init(layout);
  return opt;
}

// A network run, for its layout, initial parameters and objective.
std::unique_ptr<Run> network_run() {
  return std::make_unique<Run>(
      zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "sgd"}}, 10)));
}

StepContext context(const ParamLayout& layout, int step, double lr, Rng* rng = nullptr,
                    const Vec* gradient = nullptr) {
  StepContext ctx;
  ctx.layout = &layout;
  ctx.step = step;
  ctx.lr = lr;
  ctx.rng = rng;
  ctx.gradient = gradient;
  return ctx;
}

Vec random_vector(int n, Rng& rng, double scale = 1.0) {
  Vec v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<Scalar>(scale * rng.normal());
  return v;
}

// Units as the tests see them: rows of weight matrices, other tensors whole.
std::vector<std::vector<int>> units(const TensorSlice& t) {
  std::vector<std::vector<int>> out;
  if (t.role == TensorRole::Weight) {
    for (int i = 0; i < t.rows; ++i) {
      std::vector<int> row;
      for (int j = 0; j < t.cols; ++j) row.push_back(t.offset + i + j * t.rows);
      out.push_back(row);
    }
  } else {
    std::vector<int> all;
    for (int i = 0; i < t.size(); ++i) all.push_back(t.offset + i);
    out.push_back(all);
  }
  return out;
}

double unit_norm(const Vec& v, const std::vector<int>& idx) {
  double s = 0;
  for (int i : idx) s += static_cast<double>(v[i]) * v[i];
  return std::sqrt(s);
}

// An objective whose gradient is scripted by the test (the value is irrelevant here).
class ScriptedObjective final : public Objective {
 public:
  explicit ScriptedObjective(std::function<void(int call, VecRef grad)> grad)
      : grad_(std::move(grad)) {}
  double value_and_grad(ConstVecRef, VecRef grad) override {
    grad_(++calls_, grad);
    return 0.0;
  }
  double value(ConstVecRef) override { return 0.0; }

 private:
  std::function<void(int, VecRef)> grad_;
  int calls_ = 0;
};

// Another objective with its gradient multiplied by a constant.
class ScaledObjective final : public Objective {
 public:
  ScaledObjective(Objective& base, double c) : base_(base), c_(c) {}
  double value_and_grad(ConstVecRef p, VecRef grad) override {
    const double v = base_.value_and_grad(p, grad);
    grad *= static_cast<Scalar>(c_);
    return c_ * v;
  }
  double value(ConstVecRef p) override { return c_ * base_.value(p); }

 private:
  Objective& base_;
  double c_;
};

std::uint32_t bits_of(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Distance of y from the nearest E4M3 level, relative to y.
double e4m3_grid_error(double y) {
  const double a = std::abs(y);
  if (a == 0) return 0;
  double best = 1e300;
  for (int code = 0; code <= 126; ++code)
    best = std::min(best, std::abs(a - ref::e4m3_value(code)));
  return best / a;
}

// Largest relative distance of a tensor's entries from its per-tensor scaled E4M3 grid.
double fp8_tensor_grid_error(const Vec& x, const TensorSlice& t) {
  const auto s = x.segment(t.offset, t.size());
  const double amax = s.cwiseAbs().maxCoeff();
  double worst = 0;
  if (amax == 0) return 0;
  for (int i = 0; i < s.size(); ++i) worst = std::max(worst, e4m3_grid_error(s[i] * 448.0 / amax));
  return worst;
}

// ---------------------------------------------------------------------------------------------
// Catalog

TEST(ZooStabilised, EveryEntryIsInTheCatalogWithMetadataAndRuns) {
  for (const auto& info : stabilised_optimizers()) {
    const OptimizerInfo* found = find_optimizer(info.name);
    ASSERT_NE(found, nullptr) << info.name;
    EXPECT_FALSE(found->title.empty());
    EXPECT_FALSE(found->description.empty());
    EXPECT_FALSE(found->citation.title.empty()) << info.name;
    EXPECT_GT(found->citation.year, 2000) << info.name;
    EXPECT_EQ(found->gradients_per_step, 1) << info.name;
    EXPECT_EQ(found->hvps_per_step, 0) << info.name;
    for (const auto& problem : {zoo::rosenbrock(), zoo::network()}) {
      descent::Run run(zoo::parse_or_fail(zoo::config_json(problem, {{"name", info.name}}, 30)));
      run.step(30);
      EXPECT_EQ(run.status(), RunStatus::Ok) << info.name << " on " << problem.name;
    }
  }
  for (const auto& info : stabilised_transforms()) {
    const TransformInfo* found = find_transform(info.name);
    ASSERT_NE(found, nullptr) << info.name;
    EXPECT_FALSE(found->title.empty());
    EXPECT_FALSE(found->description.empty());
    EXPECT_FALSE(found->citation.title.empty()) << info.name;
    for (const auto& base : {"sgd", "adam"}) {
      descent::Run run(
          zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", base}, {"lr", 0.01}}, 30,
                                              with_transform({{"name", info.name}}))));
      run.step(30);
      EXPECT_EQ(run.status(), RunStatus::Ok) << info.name << " around " << base;
    }
  }
  EXPECT_EQ(stabilised_optimizers().size(), 11u);
  EXPECT_EQ(stabilised_transforms().size(), 10u);
}

// ---------------------------------------------------------------------------------------------
// Adaptive gradient clipping

TEST(ZooStabilised, AgcMatchesReference) {
  // clip_factor 0.01 clips most units of the network, including the zero-initialised biases
  // through the eps floor; on Rosenbrock the point's gradient is far above 1% of its norm.
  auto r1 =
      pipeline({ref::agc(0.01, 1e-3)}, std::make_unique<ref::AdamInner>(0.9, 0.999, 1e-8), {});
  expect_match(zoo::network(), {{"name", "adam"}, {"lr", 0.01}}, *r1, 100, 1e-4,
               with_transform({{"name", "agc"}, {"clip_factor", 0.01}}));
  auto r2 = pipeline({ref::agc(0.05, 1e-3)}, std::make_unique<ref::SgdInner>(), {});
  expect_match(zoo::rosenbrock(), {{"name", "sgd"}, {"lr", 0.5}}, *r2, 100, 1e-4,
               with_transform({{"name", "agc"}, {"clip_factor", 0.05}}));
}

TEST(ZooStabilised, AgcBoundsEveryUnitsGradientToWeightRatio) {
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  Vec params = run->params();
  Rng rng(3, Stream::Probe);
  const Vec raw = random_vector(layout.size, rng, 0.5);
  Vec g = raw;
  auto agc = make_stage("agc", {{"clip_factor", 0.05}});
  agc->init(layout);
  agc->update(g, params, context(layout, 1, 0.1));
  int clipped = 0;
  for (const auto& t : layout.tensors) {
    for (const auto& u : units(t)) {
      const double w = std::max(unit_norm(params, u), 1e-3);
      const double before = unit_norm(raw, u) / w, after = unit_norm(g, u) / w;
      if (before <= 0.05) {
        for (int i : u) EXPECT_EQ(g[i], raw[i]);
      } else {
        ++clipped;
        EXPECT_NEAR(after, 0.05, 1e-6);
        const double c = g[u[0]] / raw[u[0]];  // same direction
        EXPECT_GT(c, 0);
        for (int i : u) EXPECT_NEAR(g[i], c * raw[i], 1e-6);
      }
    }
  }
  EXPECT_GT(clipped, 0);
  // A tiny gradient passes unchanged through every weight unit.
  Vec tiny = raw * 1e-4f;
  Vec g2 = tiny;
  agc->update(g2, params, context(layout, 1, 0.1));
  for (const auto& t : layout.tensors) {
    if (t.role != TensorRole::Weight) continue;
    for (const auto& u : units(t)) {
      for (int i : u) EXPECT_EQ(g2[i], tiny[i]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Gradient centralisation

TEST(ZooStabilised, GradientCentralizationMatchesReference) {
  auto r1 = pipeline({ref::gradient_centralization()},
                     std::make_unique<ref::AdamInner>(0.9, 0.999, 1e-8), {});
  expect_match(zoo::network(), {{"name", "adam"}, {"lr", 0.01}}, *r1, 100, 1e-4,
               with_transform({{"name", "gradient_centralization"}}));
  // On a 2-D function (one Point vector) it is the identity.
  auto r2 = pipeline({ref::gradient_centralization()}, std::make_unique<ref::SgdInner>(), {});
  expect_match(zoo::quadratic(), {{"name", "sgd"}, {"lr", 0.1}}, *r2, 60, 1e-4,
               with_transform({{"name", "gradient_centralization"}}));
}

TEST(ZooStabilised, GradientCentralizationIsAProjectionToZeroMeanRows) {
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  Rng rng(4, Stream::Probe);
  const Vec raw = random_vector(layout.size, rng) + Vec::Constant(layout.size, 0.7f);
  Vec g = raw;
  auto gc = make_stage("gradient_centralization", {});
  gc->init(layout);
  gc->update(g, run->params(), context(layout, 1, 0.1));
  for (const auto& t : layout.tensors) {
    for (const auto& u : units(t)) {
      double mean = 0, shift0 = raw[u[0]] - g[u[0]];
      for (int i : u) mean += g[i];
      mean /= static_cast<double>(u.size());
      if (t.role == TensorRole::Weight) {
        EXPECT_NEAR(mean, 0.0, 1e-6) << t.name;
        for (int i : u) EXPECT_NEAR(raw[i] - g[i], shift0, 1e-6);  // a shift per row
      } else {
        for (int i : u) EXPECT_EQ(g[i], raw[i]) << t.name;  // biases untouched
      }
    }
  }
  Vec again = g;
  gc->update(again, run->params(), context(layout, 2, 0.1));
  EXPECT_LT((again - g).cwiseAbs().maxCoeff(), 1e-6);  // idempotent
}

// ---------------------------------------------------------------------------------------------
// PNM

TEST(ZooStabilised, PnmMatchesReference) {
  ref::Pnm r1(0.9, 1.0, 0.01);
  expect_match(zoo::network(), {{"name", "pnm"}, {"lr", 0.1}, {"weight_decay", 0.01}}, r1, 100,
               1e-4);
  ref::Pnm r2(0.8, 0.5, 0.0);
  expect_match(zoo::quadratic(), {{"name", "pnm"}, {"lr", 0.3}, {"beta1", 0.8}, {"beta0", 0.5}}, r2,
               100, 1e-4);
}

TEST(ZooStabilised, PnmStepsAlongPositiveMinusNegativeMomentum) {
  // Odd steps see gradient a, even steps b. Each buffer averages only its own parity, so at
  // an odd step the update is -lr ((1+b0) a - b0 b) / sqrt((1+b0)^2+b0^2): it moves against
  // the other parity's gradient (the negative momentum).
  const ParamLayout layout = ParamLayout::single_vector(2, "xy", TensorRole::Point);
  const Vec a = (Vec(2) << 1.0f, 0.0f).finished(), b = (Vec(2) << 0.0f, 1.0f).finished();
  ScriptedObjective objective([&](int call, VecRef g) { g = call % 2 == 1 ? a : b; });
  const double lr = 0.1, b0 = 1.0;
  auto pnm = make_optimizer("pnm", {{"lr", lr}, {"beta0", b0}}, layout);
  Vec params = Vec::Zero(2), update(2);
  for (int t = 1; t <= 202; ++t) {
    pnm->step(objective, params, update, context(layout, t, lr));
    const double norm = std::sqrt((1 + b0) * (1 + b0) + b0 * b0);
    if (t == 201) {
      EXPECT_NEAR(update[0], -lr * (1 + b0) / norm, 1e-6);
      EXPECT_NEAR(update[1], lr * b0 / norm, 1e-6);  // positive: against b
    }
    if (t == 202) {
      EXPECT_NEAR(update[0], lr * b0 / norm, 1e-6);
      EXPECT_NEAR(update[1], -lr * (1 + b0) / norm, 1e-6);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stable weight decay

TEST(ZooStabilised, StableWeightDecayAroundAdamIsAdamS) {
  for (const auto& problem : {zoo::network(), zoo::rosenbrock()}) {
    ref::AdamS adams(0.9, 0.999, 1e-8, 0.05);
    expect_match(problem, {{"name", "adam"}, {"lr", 0.01}}, adams, 100, 1e-4,
                 with_transform({{"name", "stable_weight_decay"}, {"weight_decay", 0.05}}));
  }
  auto r = pipeline({}, std::make_unique<ref::SgdInner>(), {ref::stable_weight_decay(0.01, 0.99)});
  expect_match(
      zoo::network(), {{"name", "sgd"}, {"lr", 0.1}}, *r, 100, 1e-4,
      with_transform({{"name", "stable_weight_decay"}, {"weight_decay", 0.01}, {"beta2", 0.99}}));
}

TEST(ZooStabilised, StableWeightDecayShrinksInverselyToTheGradientRms) {
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  const Vec params = run->params();
  Rng rng(5, Stream::Probe);
  const Vec g = random_vector(layout.size, rng, 0.01);
  const Vec g10 = 10.0f * g;
  const double lr = 0.1, wd = 0.2;
  Vec u1 = Vec::Zero(layout.size), u10 = Vec::Zero(layout.size);
  auto s1 = make_stage("stable_weight_decay", {{"weight_decay", wd}});
  auto s10 = make_stage("stable_weight_decay", {{"weight_decay", wd}});
  s1->init(layout);
  s10->init(layout);
  s1->update(u1, params, context(layout, 1, lr, nullptr, &g));
  s10->update(u10, params, context(layout, 1, lr, nullptr, &g10));
  // At t = 1, v_hat = g^2, so the decay is lr wd p / rms(g).
  const double rms = std::sqrt(static_cast<double>(g.squaredNorm()) / layout.size);
  for (int i = 0; i < layout.size; ++i) {
    EXPECT_NEAR(u1[i], -lr * wd * params[i] / rms, 1e-5 * std::abs(params[i] / rms) + 1e-9);
    EXPECT_NEAR(u1[i], 10.0 * u10[i], 1e-4 * std::abs(u1[i]) + 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------
// Norm loss

TEST(ZooStabilised, NormLossMatchesReference) {
  auto r1 = pipeline({}, std::make_unique<ref::SgdInner>(), {ref::norm_loss(0.05)});
  expect_match(zoo::network(), {{"name", "sgd"}, {"lr", 0.1}}, *r1, 100, 1e-4,
               with_transform({{"name", "norm_loss"}, {"factor", 0.05}}));
  auto r2 = pipeline({}, std::make_unique<ref::SgdInner>(), {ref::norm_loss(0.2)});
  expect_match(zoo::quadratic(), {{"name", "sgd"}, {"lr", 0.1}}, *r2, 100, 1e-4,
               with_transform({{"name", "norm_loss"}, {"factor", 0.2}}));
}

TEST(ZooStabilised, NormLossPullsEveryUnitToUnitNorm) {
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  Vec params = run->params();
  for (const auto& t : layout.tensors) {
    if (t.role != TensorRole::Weight) params.segment(t.offset, t.size()).setConstant(0.3f);
  }
  auto nl = make_stage("norm_loss", {{"factor", 0.05}});
  nl->init(layout);
  Vec u(layout.size);
  for (int t = 1; t <= 2000; ++t) {
    u.setZero();
    nl->update(u, params, context(layout, t, 1.0));
    params += u;
  }
  for (const auto& t : layout.tensors) {
    for (const auto& unit : units(t)) EXPECT_NEAR(unit_norm(params, unit), 1.0, 1e-4) << t.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Lookahead

TEST(ZooStabilised, LookaheadMatchesReferenceAroundSgdAndAdam) {
  const json la = with_transform({{"name", "lookahead"}, {"k", 5}, {"alpha", 0.5}});
  for (const auto& problem : {zoo::network(), zoo::rosenbrock()}) {
    auto r1 = pipeline({}, std::make_unique<ref::SgdInner>(), {ref::lookahead(5, 0.5)});
    const double sgd_lr = problem.name == "network" ? 0.5 : 1e-3;
    expect_match(problem, {{"name", "sgd"}, {"lr", sgd_lr}}, *r1, 100, 1e-4, la);
    auto r2 =
        pipeline({}, std::make_unique<ref::AdamInner>(0.9, 0.999, 1e-8), {ref::lookahead(5, 0.5)});
    expect_match(problem, {{"name", "adam"}, {"lr", 0.01}}, *r2, 100, 1e-4, la);
  }
}

TEST(ZooStabilised, LookaheadLandsHalfWayBetweenStartAndFastWeightsEveryKSteps) {
  for (const std::string base : {"sgd", "adam"}) {
    const json opt = {{"name", base}, {"lr", base == "sgd" ? 0.5 : 0.01}};
    descent::Run plain(zoo::parse_or_fail(zoo::config_json(zoo::network(), opt, 10)));
    descent::Run la(zoo::parse_or_fail(
        zoo::config_json(zoo::network(), opt, 10,
                         with_transform({{"name", "lookahead"}, {"k", 5}, {"alpha", 0.5}}))));
    const Vec start = plain.params();
    for (int t = 1; t <= 4; ++t) {
      plain.step(1);
      la.step(1);
      EXPECT_EQ((la.params() - plain.params()).cwiseAbs().maxCoeff(), 0.0f) << base << " " << t;
    }
    plain.step(1);
    la.step(1);
    const Vec expected = start + 0.5f * (plain.params() - start);
    EXPECT_LT((la.params() - expected).cwiseAbs().maxCoeff(), 1e-6) << base;
    EXPECT_GT((plain.params() - start).cwiseAbs().maxCoeff(), 1e-3) << base;
  }
}

// ---------------------------------------------------------------------------------------------
// Ranger21

TEST(ZooStabilised, Ranger21MatchesReference) {
  for (const auto& problem : {zoo::network(), zoo::rosenbrock()}) {
    ref::Ranger21 r{ref::Ranger21Options{}};
    expect_match(problem, {{"name", "ranger21"}, {"lr", 0.01}}, r, 100, 1e-4);
  }
  // Every option: built-in warm-up/warm-down over 120 steps (warm-up 26, warm-down from 86),
  // softplus, gradient normalisation, other Lookahead and PNM settings, larger decays.
  ref::Ranger21Options o;
  o.beta0 = 0.6;
  o.weight_decay = 0.01;
  o.norm_loss = 0.01;
  o.agc_clip = 0.05;
  o.normalize = true;
  o.softplus = true;
  o.beta_softplus = 100;
  o.k = 3;
  o.alpha = 0.7;
  o.num_iterations = 120;
  o.min_lr = 1e-3;
  const json opt = {{"name", "ranger21"},
                    {"lr", 0.02},
                    {"beta0", 0.6},
                    {"weight_decay", 0.01},
                    {"norm_loss_factor", 0.01},
                    {"agc_clipping_value", 0.05},
                    {"normalize_gradients", true},
                    {"use_softplus", true},
                    {"beta_softplus", 100},
                    {"lookahead_merge_time", 3},
                    {"lookahead_blending_alpha", 0.7},
                    {"num_iterations", 120},
                    {"warm_down_min_lr", 1e-3}};
  for (const auto& problem : {zoo::network(), zoo::quadratic()}) {
    ref::Ranger21 r(o);
    expect_match(problem, opt, r, 120, 1e-4);
  }
  // Without gradient centralisation.
  ref::Ranger21Options no_gc;
  no_gc.centralize = false;
  ref::Ranger21 r(no_gc);
  expect_match(zoo::network(),
               {{"name", "ranger21"}, {"lr", 0.01}, {"centralize_gradients", false}}, r, 60, 1e-4);
}

TEST(ZooStabilised, Ranger21WarmsUpAndSynchronisesItsLookahead) {
  // Built-in warm-up: with num_iterations = 1000, 2/(1-b2) = 2000 steps would be over 45% of
  // the run, so the warm-up is 22% of it (220 steps) and the first update is 1/220 of the
  // un-warmed one (everything in the first update is proportional to the learning rate).
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  const Vec start = run->params();
  Vec da(layout.size), db(layout.size);
  auto a = make_optimizer("ranger21", {{"lr", 0.01}}, layout);
  auto b = make_optimizer("ranger21", {{"lr", 0.01}, {"num_iterations", 1000}}, layout);
  a->step(run->problem(), start, da, context(layout, 1, 0.01));
  b->step(run->problem(), start, db, context(layout, 1, 0.01));
  EXPECT_GT(da.norm(), 1e-3);
  EXPECT_LT((db * 220.0f - da).norm(), 1e-5 * da.norm());
  const json base = {{"name", "ranger21"}, {"lr", 0.01}};

  // Lookahead inside: after 5 steps the parameters are half-way between the start and where
  // the same optimizer without Lookahead (alpha = 1) would be.
  json off = base;
  off["lookahead_blending_alpha"] = 1.0;
  descent::Run with(zoo::parse_or_fail(zoo::config_json(zoo::network(), base, 10)));
  descent::Run without(zoo::parse_or_fail(zoo::config_json(zoo::network(), off, 10)));
  with.step(5);
  without.step(5);
  const Vec expected = start + 0.5f * (without.params() - start);
  EXPECT_LT((with.params() - expected).cwiseAbs().maxCoeff(), 1e-6);

  // And it trains: the loss falls well below its start on the network.
  descent::Run train(zoo::parse_or_fail(zoo::config_json(zoo::network(), base, 300)));
  const double first = train.problem().value(train.params());
  train.step(300);
  EXPECT_EQ(train.status(), RunStatus::Ok);
  EXPECT_LT(train.problem().value(train.params()), 0.5 * first);
}

// ---------------------------------------------------------------------------------------------
// SPAM

TEST(ZooStabilised, SpamMatchesReference) {
  // Short reset period, warm-up and clipping delay so that 120 steps see three resets, their
  // warm-ups and clipping; a low threshold so that clipping actually happens on these
  // deterministic problems (the clipped value is continuous at the threshold, so float/double
  // differences cannot make the trajectories branch).
  ref::SpamOptions o;
  o.threshold = 1.5;
  o.gap = 40;
  o.warmup = 10;
  o.delay = 5;
  o.weight_decay = 0.01;
  const json opt = {{"name", "spam"},        {"lr", 0.01},         {"threshold", 1.5},
                    {"update_proj_gap", 40}, {"warmup_epoch", 10}, {"grad_accu_steps", 5},
                    {"weight_decay", 0.01}};
  for (const auto& problem : {zoo::network(), zoo::rosenbrock()}) {
    ref::Spam r(o);
    expect_match(problem, opt, r, 120, 1e-4);
  }
  ref::Spam defaults{ref::SpamOptions{}};
  expect_match(zoo::quadratic(), {{"name", "spam"}, {"lr", 0.05}}, defaults, 100, 1e-4);
}

TEST(ZooStabilised, SpamClipsAnInjectedGradientSpike) {
  Spam::Settings s;
  s.threshold = 100;
  s.update_proj_gap = 0;
  s.grad_accu_steps = 5;
  Spam spam(s);
  const int n = 50;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  spam.init(layout);
  Rng rng(6, Stream::Probe);
  const Vec params = Vec::Zero(n);
  for (int t = 1; t <= 30; ++t) {
    Vec g = random_vector(n, rng);
    spam.update(g, params, context(layout, t, 0.01));
  }
  const Vec m = spam.exp_avg(), v = spam.exp_avg_sq();
  Vec g = random_vector(n, rng);
  const Vec raw = g;
  g[0] = 1e4f;  // the spike: g^2 = 1e8, far above threshold * v
  spam.update(g, params, context(layout, 31, 0.01));
  const double clipped = std::sqrt(s.threshold * v[0]);
  EXPECT_NEAR(spam.exp_avg_sq()[0], s.beta2 * v[0] + (1 - s.beta2) * clipped * clipped,
              1e-5 * v[0]);
  EXPECT_NEAR(spam.exp_avg()[0], s.beta1 * m[0] + (1 - s.beta1) * clipped, 1e-5);
  // Entries below the threshold pass unchanged.
  for (int i = 1; i < n; ++i) {
    if (raw[i] * raw[i] <= s.threshold * v[i]) {
      EXPECT_NEAR(spam.exp_avg()[i], s.beta1 * m[i] + (1 - s.beta1) * raw[i], 1e-6);
    }
  }
  // Unclipped, the spike would have put (1 - b2) 1e8 = 1e5 into v.
  EXPECT_LT(spam.exp_avg_sq()[0], 10.0);
}

TEST(ZooStabilised, SpamResetsItsMomentsAndWarmsUpAfterwards) {
  Spam::Settings s;
  s.update_proj_gap = 10;
  s.warmup_epoch = 5;
  Spam spam(s);
  const ParamLayout layout = ParamLayout::single_vector(3, "x", TensorRole::Point);
  spam.init(layout);
  const Vec params = Vec::Zero(3);
  Rng rng(7, Stream::Probe);
  Vec g;
  for (int t = 1; t <= 9; ++t) {
    g = random_vector(3, rng);
    spam.update(g, params, context(layout, t, 0.01));
  }
  EXPECT_DOUBLE_EQ(spam.warmup_scale(9), 1.0);  // no warm-up before the first reset
  g = random_vector(3, rng);
  const Vec raw = g;
  spam.update(g, params, context(layout, 10, 0.01));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FLOAT_EQ(spam.exp_avg()[i], static_cast<float>((1 - s.beta1) * raw[i]));
    EXPECT_FLOAT_EQ(spam.exp_avg_sq()[i], static_cast<float>((1 - s.beta2) * raw[i] * raw[i]));
    const double scale = 0.01;  // 1 - 0.99 (1 + cos 0) / 2
    const double expected = scale * std::sqrt(1 - std::pow(s.beta2, 10)) /
                            (1 - std::pow(s.beta1, 10)) * (1 - s.beta1) * raw[i] /
                            (std::sqrt((1 - s.beta2) * raw[i] * raw[i]) + s.eps);
    EXPECT_NEAR(g[i], expected, 1e-5 * std::abs(expected));
  }
  EXPECT_NEAR(spam.warmup_scale(12), 1 - 0.99 * (1 + std::cos(3.14159265358979 * 2 / 6)) / 2,
              1e-12);
  EXPECT_DOUBLE_EQ(spam.warmup_scale(15), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Stable-SPAM

TEST(ZooStabilised, StableSpamMatchesReference) {
  // Fewer steps than elsewhere: AdaClip is discontinuous (an entry just above the running max
  // is scaled by m_hat / max|g|), AdaGN normalises each tensor's gradient, and Adam's first
  // step after a reset is sign-like, so float32 and double trajectories drift apart
  // exponentially, from ~1e-6 at 60 steps to ~1e-4 near 140 and ~1e-2 by 400 on the network
  // (measured). 80 and 100 steps with a reset every 25 steps (3-4 resets) stay below 5e-6.
  ref::StableSpamOptions o;
  o.gap = 25;
  o.weight_decay = 0.01;
  const json opt = {
      {"name", "stable_spam"}, {"lr", 0.01}, {"update_proj_gap", 25}, {"weight_decay", 0.01}};
  ref::StableSpam r_net(o), r_rosen(o);
  expect_match(zoo::network(), opt, r_net, 80, 1e-4);
  expect_match(zoo::rosenbrock(), opt, r_rosen, 100, 1e-4);
  ref::StableSpamOptions other;
  other.gamma1 = 0.85;
  other.gamma2 = 0.99999;
  other.theta = 0.9;
  ref::StableSpam r(other);
  expect_match(zoo::network(),
               {{"name", "stable_spam"},
                {"lr", 0.01},
                {"gamma1", 0.85},
                {"gamma2", 0.99999},
                {"theta", 0.9}},
               r, 100, 1e-4);
}

TEST(ZooStabilised, StableSpamClipsAnInjectedSpikeToTheRunningMax) {
  StableSpam::Settings s;
  s.update_proj_gap = 0;
  StableSpam spam(s);
  const int n = 50;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  spam.init(layout);
  const Vec params = Vec::Zero(n);
  Rng rng(8, Stream::Probe);
  double m_max = 0;
  const int history = 2000;
  for (int t = 1; t <= history; ++t) {
    Vec g = random_vector(n, rng);
    m_max = s.theta * m_max + (1 - s.theta) * g.cwiseAbs().maxCoeff();
    spam.update(g, params, context(layout, t, 0.01));
  }
  const Vec m = spam.exp_avg();
  Vec g = random_vector(n, rng);
  const Vec raw = g;
  g[0] = 1e4f;
  m_max = s.theta * m_max + (1 - s.theta) * 1e4;
  const double m_hat = m_max / (1 - std::pow(s.theta, history + 1));
  spam.update(g, params, context(layout, history + 1, 0.01));
  // The gradient the moments saw: (m_new - b1 m) / (1 - b1) = AdaGN(AdaClip(g)).
  const Vec seen =
      (spam.exp_avg() - static_cast<Scalar>(s.beta1) * m) / static_cast<Scalar>(1 - s.beta1);
  // AdaClip: the spike becomes m_hat; AdaGN then scales every entry by the same factor.
  for (int i = 1; i < n; ++i) {
    ASSERT_LT(std::abs(raw[i]), m_hat);
    EXPECT_NEAR(seen[0] / seen[i], m_hat / raw[i], 1e-3 * std::abs(m_hat / raw[i]));
  }
  EXPECT_LT(m_hat, 20.0);  // the spike (1e4) is cut to about (1 - theta) 1e4 + the usual max
  EXPECT_LT(std::abs(seen[0]) / seen.norm(), 0.95);  // unclipped it would be 0.9999997
}

TEST(ZooStabilised, SpamFamilyStoresItsStateInTheChosenFormat) {
  const int n = 40;
  ParamLayout layout;
  layout.add("a", 5, 4, TensorRole::Weight);
  layout.add("b", 20, 1, TensorRole::Bias);
  Rng rng(9, Stream::Probe);
  const Vec params = Vec::Zero(n);
  for (const auto format : {lowp::Format::Bf16, lowp::Format::Fp8E4M3}) {
    Spam::Settings s1;
    s1.state_format = format;
    StableSpam::Settings s2;
    s2.state_format = format;
    Spam spam(s1);
    StableSpam stable(s2);
    spam.init(layout);
    stable.init(layout);
    for (int t = 1; t <= 25; ++t) {
      Vec g = random_vector(n, rng, 1e-3), g2 = g;
      spam.update(g, params, context(layout, t, 0.01));
      stable.update(g2, params, context(layout, t, 0.01));
    }
    for (const Vec* state :
         {&spam.exp_avg(), &spam.exp_avg_sq(), &stable.exp_avg(), &stable.exp_avg_sq()}) {
      EXPECT_GT(state->cwiseAbs().maxCoeff(), 0.0f);
      if (format == lowp::Format::Bf16) {
        for (int i = 0; i < n; ++i) EXPECT_EQ(bits_of((*state)[i]) & 0xFFFFu, 0u);
      } else {
        for (const auto& t : layout.tensors) EXPECT_LT(fp8_tensor_grid_error(*state, t), 1e-5);
      }
    }
  }
  // The catalog parameter reaches the transform: bf16 state changes the trajectory a little.
  descent::Run fp32(zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "spam"}}, 20)));
  descent::Run bf16(zoo::parse_or_fail(
      zoo::config_json(zoo::network(), {{"name", "spam"}, {"state_format", "bf16"}}, 20)));
  fp32.step(20);
  bf16.step(20);
  const double gap = (fp32.params() - bf16.params()).cwiseAbs().maxCoeff();
  EXPECT_GT(gap, 0.0);
  EXPECT_LT(gap, 1e-2);
}

// ---------------------------------------------------------------------------------------------
// AdaGrad-Norm and Subset-Norm

TEST(ZooStabilised, AdagradNormMatchesReference) {
  ref::AdagradNorm r1(0.1);
  expect_match(zoo::network(), {{"name", "adagrad_norm"}, {"lr", 1.0}, {"b0", 0.1}}, r1, 100, 1e-4);
  ref::AdagradNorm r2(1e-3);
  expect_match(zoo::rosenbrock(), {{"name", "adagrad_norm"}, {"lr", 0.5}, {"b0", 1e-3}}, r2, 100,
               1e-4);
}

TEST(ZooStabilised, AdagradNormConvergesWhateverTheInitialAccumulator) {
  // On the quadratic (L = 1) plain GD needs lr < 2; AdaGrad-Norm with lr = 1 converges from
  // b0 = 1e-3 (a first step size of 1000) to b0 = 10 (0.1) without tuning.
  for (double b0 : {1e-3, 1e-1, 1.0, 10.0}) {
    descent::Run run(zoo::parse_or_fail(zoo::config_json(
        zoo::quadratic(), {{"name", "adagrad_norm"}, {"lr", 1.0}, {"b0", b0}}, 3000)));
    run.step(3000);
    ASSERT_EQ(run.status(), RunStatus::Ok) << b0;
    EXPECT_LT(run.problem().value(run.params()), 1e-8) << b0;
  }
  // The step is lr / sqrt(b0^2 + sum |g|^2).
  const ParamLayout layout = ParamLayout::single_vector(2, "xy", TensorRole::Point);
  const Vec g1 = (Vec(2) << 3.0f, 4.0f).finished(), g2 = (Vec(2) << 0.0f, 12.0f).finished();
  ScriptedObjective objective([&](int call, VecRef g) { g = call == 1 ? g1 : g2; });
  auto opt = make_optimizer("adagrad_norm", {{"lr", 2.0}, {"b0", 1.0}}, layout);
  Vec params = Vec::Zero(2), update(2);
  opt->step(objective, params, update, context(layout, 1, 2.0));
  EXPECT_NEAR(update[1], -2.0 * 4 / std::sqrt(26.0), 1e-6);
  opt->step(objective, params, update, context(layout, 2, 2.0));
  EXPECT_NEAR(update[1], -2.0 * 12 / std::sqrt(170.0), 1e-6);
}

TEST(ZooStabilised, SubsetNormMatchesReference) {
  for (const bool sum : {false, true}) {
    const std::string mode = sum ? "sum" : "ema";
    ref::SubsetNorm r1(0.9, 0.999, 1e-6, 0.01, sum);
    expect_match(zoo::network(),
                 {{"name", "subset_norm"},
                  {"lr", sum ? 0.05 : 0.01},
                  {"weight_decay", 0.01},
                  {"second_moment", mode}},
                 r1, 100, 1e-4);
    ref::SubsetNorm r2(0.0, 0.99, 1e-6, 0.0, sum);
    expect_match(zoo::network(),
                 {{"name", "subset_norm"},
                  {"lr", 0.01},
                  {"beta1", 0.0},
                  {"beta2", 0.99},
                  {"second_moment", mode}},
                 r2, 60, 1e-4);
    ref::SubsetNorm r3(0.9, 0.999, 1e-6, 0.0, sum);
    expect_match(zoo::rosenbrock(),
                 {{"name", "subset_norm"}, {"lr", 0.01}, {"second_moment", mode}}, r3, 100, 1e-4);
  }
}

TEST(ZooStabilised, SubsetNormSharesOneStepSizePerRowOrColumn) {
  // Without momentum and with the summed second moment, the first update of a subset is
  // -lr g / |g_subset|: AdaGrad-Norm within each subset. Subsets: rows of 8x2 and 8x8 weights
  // (rows >= cols), columns of the 3x8 output weight, single coordinates of biases.
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  auto opt = make_optimizer("subset_norm", {{"lr", 0.1}, {"beta1", 0.0}, {"eps", 1e-16}}, layout,
                            {{"second_moment", "sum"}});
  Vec params = run->params(), update(layout.size), g(layout.size);
  run->problem().value_and_grad(params, g);
  opt->step(run->problem(), params, update, context(layout, 1, 0.1));
  int subsets = 0;
  for (const auto& t : layout.tensors) {
    std::vector<std::vector<int>> groups;
    if (t.is_matrix() && t.rows < t.cols) {
      for (int j = 0; j < t.cols; ++j) {
        std::vector<int> col;
        for (int i = 0; i < t.rows; ++i) col.push_back(t.offset + i + j * t.rows);
        groups.push_back(col);
      }
    } else if (t.is_matrix()) {
      groups = units(t);
    } else {
      for (int i = 0; i < t.size(); ++i) groups.push_back({t.offset + i});
    }
    for (const auto& group : groups) {
      const double n = unit_norm(g, group);
      if (n == 0) continue;
      ++subsets;
      for (int i : group) EXPECT_NEAR(update[i], -0.1 * g[i] / n, 1e-6) << t.name;
    }
  }
  EXPECT_GT(subsets, 30);
}

// ---------------------------------------------------------------------------------------------
// LARS and LAMB

TEST(ZooStabilised, LarsMatchesReference) {
  ref::Lars r1(0.9, 5e-4, 1e-3);
  expect_match(zoo::network(), {{"name", "lars"}, {"lr", 1.0}}, r1, 100, 1e-4);
  ref::Lars r2(0.8, 0.01, 0.05);
  expect_match(zoo::rosenbrock(),
               {{"name", "lars"},
                {"lr", 0.2},
                {"momentum", 0.8},
                {"weight_decay", 0.01},
                {"trust_coefficient", 0.05}},
               r2, 100, 1e-4);
}

TEST(ZooStabilised, LarsMovesEveryLayerByTheSameFractionWhateverTheGradientScale) {
  // Without decay, the first LARS step of a weight layer has norm lr * eta * |w|, independent
  // of the gradient's scale; biases take plain momentum-SGD steps, which scale with it.
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  const Vec params = run->params();
  const double lr = 2.0, eta = 0.01;
  Vec u1(layout.size), u1000(layout.size);
  for (double c : {1.0, 1000.0}) {
    ScaledObjective objective(run->problem(), c);
    auto lars = make_optimizer(
        "lars", {{"lr", lr}, {"weight_decay", 0.0}, {"trust_coefficient", eta}}, layout);
    lars->step(objective, params, c == 1.0 ? u1 : u1000, context(layout, 1, lr));
  }
  for (const auto& t : layout.tensors) {
    const auto a = u1.segment(t.offset, t.size()), b = u1000.segment(t.offset, t.size());
    if (t.role == TensorRole::Weight) {
      EXPECT_NEAR(a.norm(), lr * eta * params.segment(t.offset, t.size()).norm(), 1e-6) << t.name;
      EXPECT_LT((a - b).norm(), 1e-5 * a.norm()) << t.name;
    } else {
      EXPECT_NEAR(b.norm(), 1000.0 * a.norm(), 1e-3 * b.norm()) << t.name;
    }
  }
}

TEST(ZooStabilised, LambMatchesReference) {
  ref::Lamb r1(0.9, 0.999, 1e-6, 0.01);
  expect_match(zoo::network(), {{"name", "lamb"}, {"lr", 0.01}}, r1, 100, 1e-4);
  ref::Lamb r2(0.9, 0.99, 1e-6, 0.1);
  expect_match(zoo::rosenbrock(),
               {{"name", "lamb"}, {"lr", 0.01}, {"beta2", 0.99}, {"weight_decay", 0.1}}, r2, 100,
               1e-4);
}

TEST(ZooStabilised, LambMovesEveryWeightLayerByLrTimesItsNorm) {
  auto run = network_run();
  const ParamLayout& layout = run->problem().layout();
  const double lr = 0.02;
  auto lamb = make_optimizer("lamb", {{"lr", lr}}, layout);
  Vec params = run->params(), update(layout.size);
  for (int t = 1; t <= 20; ++t) {
    lamb->step(run->problem(), params, update, context(layout, t, lr));
    for (const auto& ts : layout.tensors) {
      if (ts.role != TensorRole::Weight) continue;
      const double w = params.segment(ts.offset, ts.size()).norm();
      EXPECT_NEAR(update.segment(ts.offset, ts.size()).norm(), lr * w, 1e-5 * lr * w) << ts.name;
    }
    params += update;
  }
}

// ---------------------------------------------------------------------------------------------
// Gradient noise and the norm-growth limiter

TEST(ZooStabilised, GradientNoiseMatchesReference) {
  // The reference draws the same numbers from its own PCG32 on the run's optimizer stream
  // (seed 5, stream 4).
  for (const auto& problem : {zoo::network(), zoo::quadratic()}) {
    auto r = pipeline({ref::gradient_noise(0.01, 0.55, 5)}, std::make_unique<ref::SgdInner>(), {});
    expect_match(problem, {{"name", "sgd"}, {"lr", 0.1}}, *r, 100, 1e-4,
                 with_transform({{"name", "gradient_noise"}, {"eta", 0.01}, {"gamma", 0.55}}));
  }
}

TEST(ZooStabilised, GradientNoiseVarianceAnnealsAsEtaOverOnePlusTToTheGamma) {
  const int n = 200000;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  auto noise = make_stage("gradient_noise", {{"eta", 0.5}, {"gamma", 0.55}});
  noise->init(layout);
  Rng rng(10, Stream::Optimizer);
  const Vec params = Vec::Zero(n);
  for (int step : {1, 2, 100}) {
    Vec g = Vec::Zero(n);
    noise->update(g, params, context(layout, step, 0.1, &rng));
    const double mean = g.cast<double>().mean();
    const double var = (g.cast<double>().array() - mean).square().sum() / (n - 1);
    const double expected = 0.5 / std::pow(1.0 + (step - 1), 0.55);
    EXPECT_NEAR(var, expected, 0.02 * expected) << step;
    EXPECT_LT(std::abs(mean), 5 * std::sqrt(expected / n)) << step;
  }
}

TEST(ZooStabilised, FiraLimiterMatchesReference) {
  auto r1 = pipeline({ref::fira_limiter(1.01)}, std::make_unique<ref::SgdInner>(), {});
  expect_match(zoo::network(), {{"name", "sgd"}, {"lr", 0.5}}, *r1, 100, 1e-4,
               with_transform({{"name", "fira_limiter"}, {"gamma", 1.01}}));
  auto r2 =
      pipeline({ref::fira_limiter(1.05)}, std::make_unique<ref::AdamInner>(0.9, 0.999, 1e-8), {});
  expect_match(zoo::rosenbrock(), {{"name", "adam"}, {"lr", 0.01}}, *r2, 100, 1e-4,
               with_transform({{"name", "fira_limiter"}, {"gamma", 1.05}}));
}

TEST(ZooStabilised, FiraLimiterTurnsASpikeIntoAGradualRise) {
  ParamLayout layout;
  layout.add("a", 3, 1, TensorRole::Point);
  layout.add("b", 2, 1, TensorRole::Bias);
  auto limiter = make_stage("fira_limiter", {{"gamma", 1.1}});
  limiter->init(layout);
  const Vec params = Vec::Zero(5);
  const Vec base = (Vec(5) << 1, 2, 2, 3, 4).finished();  // |a| = 3, |b| = 5
  Vec g = base;
  limiter->update(g, params, context(layout, 1, 0.1));
  EXPECT_EQ(g, base);
  double expected = 3.0;
  for (int t = 2; t <= 30; ++t) {
    g = base;
    g.head(3) *= 100.0f;  // a spike in tensor a only
    limiter->update(g, params, context(layout, t, 0.1));
    expected = std::min(expected * 1.1, 300.0);
    EXPECT_NEAR(g.head(3).norm(), expected, 1e-4 * expected) << t;
    EXPECT_NEAR(g[1] / g[0], 2.0, 1e-5);           // direction kept
    EXPECT_EQ(Vec(g.tail(2)), Vec(base.tail(2)));  // tensor b unaffected
  }
}

// ---------------------------------------------------------------------------------------------
// Low-precision rounding

TEST(ZooStabilised, RoundingTransformsMatchReference) {
  for (const std::string format : {"bf16", "fp8_e4m3", "int8", "int4"}) {
    for (const auto& problem : {zoo::network(), zoo::quadratic()}) {
      const json opt = {{"name", "sgd"}, {"lr", 0.1}};
      ref::RoundedSgd grads(format, "");
      expect_match(problem, opt, grads, 60, 1e-6,
                   with_transform({{"name", "round_gradients"}, {"format", format}}));
      ref::RoundedSgd weights("", format);
      expect_match(problem, opt, weights, 60, 1e-6,
                   with_transform({{"name", "round_weights"}, {"format", format}}));
    }
  }
}

TEST(ZooStabilised, RoundGradientsRoundsToNearestEvenLevel) {
  const ParamLayout layout = ParamLayout::single_vector(4, "x", TensorRole::Point);
  const Vec params = Vec::Zero(4);
  auto check = [&](const std::string& format, const Vec& in, const Vec& out) {
    auto stage = make_stage("round_gradients", {}, {{"format", format}});
    stage->init(layout);
    Vec g = in;
    stage->update(g, params, context(layout, 1, 0.1));
    for (int i = 0; i < 4; ++i) EXPECT_EQ(g[i], out[i]) << format << " " << i;
  };
  const float u7 = std::ldexp(1.0f, -7), u8 = std::ldexp(1.0f, -8);
  // bf16 ties: 1 + 2^-8 -> 1 (even), 1 + 3 2^-8 -> 1 + 2^-6 (even), -(1 + 2^-8 + tiny) up.
  check("bf16", (Vec(4) << 1 + u8, 1 + 3 * u8, -(1 + u8 + 1e-6f), 3.0f).finished(),
        (Vec(4) << 1, 1 + 2 * u7, -(1 + u7), 3.0f).finished());
  // E4M3 with amax = 448 (scale 1): 1.0625 is half-way between 1 and 1.125 -> 1 (even code);
  // 1.1875 -> 1.25; 3 2^-10 half-way between subnormals 2^-9 and 2^-8 -> 2^-8 (even code).
  check("fp8_e4m3", (Vec(4) << 448, 1.0625f, 1.1875f, 3 * std::ldexp(1.0f, -10)).finished(),
        (Vec(4) << 448, 1, 1.25f, std::ldexp(1.0f, -8)).finished());
  // int8 with amax = 127 (level spacing 1): ties to even.
  check("int8", (Vec(4) << 127, 0.5f, 1.5f, -2.5f).finished(),
        (Vec(4) << 127, 0, 2, -2).finished());
  // int4 with amax = 7 (level spacing 1): ties to even, and nothing beyond +-7.
  check("int4", (Vec(4) << 7, 0.5f, 1.5f, -2.5f).finished(), (Vec(4) << 7, 0, 2, -2).finished());
}

TEST(ZooStabilised, StochasticRoundingIsUnbiased) {
  const int n = 100000;
  const ParamLayout layout = ParamLayout::single_vector(n, "x", TensorRole::Point);
  const Vec params = Vec::Zero(n);
  Rng rng(11, Stream::Optimizer);
  const float x = 1.0f + std::ldexp(1.0f, -9);  // a quarter of the way from 1 to 1 + 2^-7
  for (const std::string format : {"bf16", "fp8_e4m3", "int8", "int4"}) {
    Vec g = Vec::Constant(n, x);
    g[0] = 2.0f;  // sets the per-tensor scale of fp8 (2 -> 448) and int8 (2 -> 127)
    const double lo_bf16 = 1.0, hi_bf16 = 1.0 + std::ldexp(1.0, -7);
    auto stage = make_stage("round_gradients", {{"stochastic", 1}}, {{"format", format}});
    stage->init(layout);
    stage->update(g, params, context(layout, 1, 0.1, &rng));
    double sum = 0;
    float lo = g[1], hi = g[1];
    for (int i = 1; i < n; ++i) {
      sum += g[i];
      lo = std::min(lo, g[i]);
      hi = std::max(hi, g[i]);
    }
    // Five standard errors of a mean of Bernoulli choices between the two levels.
    EXPECT_NEAR(sum / (n - 1), x, 5 * 0.5 * (hi - lo) / std::sqrt(n - 1.0) + 1e-7) << format;
    EXPECT_LT(lo, x) << format;  // only the two neighbouring levels
    EXPECT_GT(hi, x) << format;
    if (format == "bf16") {
      EXPECT_EQ(lo, lo_bf16);
      EXPECT_EQ(hi, hi_bf16);
    }
  }
}

TEST(ZooStabilised, RoundWeightsKeepsTheParametersOnTheGrid) {
  for (const std::string format : {"bf16", "fp8_e4m3", "int8", "int4"}) {
    descent::Run run(zoo::parse_or_fail(
        zoo::config_json(zoo::network(), {{"name", "adam"}, {"lr", 0.01}}, 20,
                         with_transform({{"name", "round_weights"}, {"format", format}}))));
    run.step(20);
    ASSERT_EQ(run.status(), RunStatus::Ok);
    const Vec p = run.params();
    for (const auto& t : run.problem().layout().tensors) {
      const auto s = p.segment(t.offset, t.size());
      const float amax = s.cwiseAbs().maxCoeff();
      for (int i = 0; i < s.size(); ++i) {
        if (format == "bf16") {
          // On the grid up to one float32 rounding of params + (Q - params) (see rounding.cpp).
          EXPECT_LE(std::abs(s[i] - ref::ref_bf16(s[i])), std::abs(s[i]) * 0x1p-23f) << t.name;
        } else if (format == "int8" || format == "int4") {
          const double k = s[i] / (amax / (format == "int8" ? 127.0 : 7.0));
          EXPECT_NEAR(k, std::nearbyint(k), 1e-4) << t.name;
        }
      }
      if (format == "fp8_e4m3") {
        EXPECT_LT(fp8_tensor_grid_error(p, t), 1e-5) << t.name;
      }
    }
  }
  // Updates below half a level are lost: with a tiny learning rate, bf16 weights stop moving
  // once rounded (except within ~1e-3 of zero, where the levels are finer than the steps).
  const json tiny = {{"name", "sgd"}, {"lr", 1e-6}};
  const json bf16 = with_transform({{"name", "round_weights"}, {"format", "bf16"}});
  descent::Run frozen(zoo::parse_or_fail(zoo::config_json(zoo::network(), tiny, 5, bf16)));
  descent::Run rounded_once(zoo::parse_or_fail(zoo::config_json(zoo::network(), tiny, 1, bf16)));
  rounded_once.step(1);
  frozen.step(5);
  int checked = 0;
  for (const auto& t : frozen.problem().layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    for (int i = t.offset; i < t.offset + t.size(); ++i) {
      if (std::abs(rounded_once.params()[i]) < 1e-2) continue;
      EXPECT_EQ(frozen.params()[i], rounded_once.params()[i]) << t.name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 80);
}

}  // namespace
}  // namespace descent
