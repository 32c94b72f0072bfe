// The adaptive family of the zoo: every optimizer runs in lockstep with its plain reference
// (tests/reference/adaptive/) on a 2-D function and on the 2-8-8-3 network, and its defining
// property is checked directly on the updates it produces.
//
// Tolerances: the core runs in float32 and the references keep their state in double, so
// trajectories drift apart by float rounding only; 1e-4 relative (as for Adam in the harness)
// is used unless a comment says otherwise. Sign-based methods (Lion, signSGD, Signum, Grams,
// the cautious masks) would branch if a coordinate's sign argument crossed zero differently in
// float and double; the problems and step counts below were chosen so that no such crossing
// happens (a branch shows up as a deviation of order lr, far above the tolerance).
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/optimizers/adaptive/ademamix.h"
#include "optim/transforms/transform_catalog.h"
#include "tests/reference/adam.h"
#include "tests/reference/adaptive/adabelief.h"
#include "tests/reference/adaptive/adabound.h"
#include "tests/reference/adaptive/adamp.h"
#include "tests/reference/adaptive/ademamix.h"
#include "tests/reference/adaptive/diffgrad.h"
#include "tests/reference/adaptive/grams.h"
#include "tests/reference/adaptive/gravity.h"
#include "tests/reference/adaptive/lion.h"
#include "tests/reference/adaptive/sign.h"

namespace descent {
namespace {

using json = nlohmann::json;

constexpr double kTol = 1e-4;

// Runs the optimizer against a fresh reference on each problem for `steps` steps.
void expect_lockstep(const json& optimizer,
                     const std::function<std::unique_ptr<zoo::ReferenceOptimizer>()>& make_ref,
                     int steps, std::vector<zoo::Problem> problems, double tol = kTol,
                     const json& extra = json::object()) {
  for (const auto& problem : problems) {
    auto ref = make_ref();
    auto result = zoo::compare(problem, optimizer, *ref, steps, extra);
    EXPECT_EQ(result.steps, steps) << optimizer.dump() << " on " << problem.name;
    EXPECT_LT(result.max_relative_deviation, tol) << optimizer.dump() << " on " << problem.name;
    if (std::getenv("ZOO_VERBOSE"))
      std::printf("%-90s %-10s %.3g\n", optimizer.dump().c_str(), problem.name.c_str(),
                  result.max_relative_deviation);
  }
}

template <class T, class... Args>
std::function<std::unique_ptr<zoo::ReferenceOptimizer>()> ref(Args... args) {
  return [=]() { return std::make_unique<T>(args...); };
}

// ---- Driving a catalog optimizer directly, to look at its updates ----

class FnObjective final : public Objective {
 public:
  using Fn = std::function<void(ConstVecRef params, VecRef grad)>;
  explicit FnObjective(Fn fn) : fn_(std::move(fn)) {}
  double value_and_grad(ConstVecRef params, VecRef grad) override {
    fn_(params, grad);
    return 0.0;
  }
  double value(ConstVecRef) override { return 0.0; }

 private:
  Fn fn_;
};

// A catalog optimizer (with optional post-stage catalog transforms) built from parameter
// overrides, stepped by hand.
class Probe {
 public:
  Probe(const std::string& name, std::map<std::string, double> given, ParamLayout layout,
        const std::vector<std::string>& post = {}, std::uint64_t seed = 7)
      : layout_(std::move(layout)), rng_(seed, Stream::Optimizer) {
    const OptimizerInfo* info = find_optimizer(name);
    if (info == nullptr) throw std::runtime_error("no optimizer " + name);
    ParamValues values;
    values.numbers = std::move(given);
    optimizer_ = info->make(with_defaults(info->params, values));
    Chain pre, post_chain;
    for (const auto& t : post) {
      const TransformInfo* ti = find_transform(t);
      if (ti == nullptr) throw std::runtime_error("no transform " + t);
      post_chain.add(ti->make(with_defaults(ti->params)));
    }
    optimizer_->set_stages(std::move(pre), std::move(post_chain));
    optimizer_->init(layout_);
  }
  Vec step(Objective& objective, const Vec& params, int t, double lr) {
    Vec update = Vec::Zero(params.size());
    StepContext ctx;
    ctx.step = t;
    ctx.lr = lr;
    ctx.layout = &layout_;
    ctx.rng = &rng_;
    optimizer_->step(objective, params, update, ctx);
    return update;
  }
  const ParamLayout& layout() const { return layout_; }

 private:
  ParamLayout layout_;
  Rng rng_;
  std::unique_ptr<Optimizer> optimizer_;
};

ParamLayout vector_layout(int n) { return ParamLayout::single_vector(n, "x", TensorRole::Point); }

// Gradients from a fixed random stream, independent of the parameters; `scales` multiplies
// coordinate i (cycled).
FnObjective random_gradients(std::uint64_t seed, std::vector<double> scales = {1.0}) {
  auto rng = std::make_shared<Rng>(seed, Stream::Probe);
  return FnObjective([rng, scales](ConstVecRef, VecRef g) {
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      g[i] = static_cast<Scalar>(rng->normal() * scales[i % scales.size()]);
    }
  });
}

// ---- Catalog ----

TEST(ZooAdaptive, CatalogListsTheFamily) {
  for (const char* name : {"adabelief", "adabound", "amsbound", "diffgrad", "adamp", "sgdp", "lion",
                           "grams", "cautious_adamw", "cautious_lion", "ademamix", "gravity",
                           "sign_descent", "signum", "normalized_gd"}) {
    const OptimizerInfo* info = find_optimizer(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_FALSE(info->title.empty()) << name;
    EXPECT_FALSE(info->description.empty()) << name;
    EXPECT_FALSE(info->citation.title.empty()) << name;
    EXPECT_GT(info->citation.year, 2000) << name;
    EXPECT_EQ(info->gradients_per_step, 1) << name;
    EXPECT_EQ(info->hvps_per_step, 0) << name;
    EXPECT_FALSE(info->needs_hvp) << name;
    for (const auto& p : info->params) {
      if (p.kind == ParamKind::Choice) continue;
      EXPECT_LE(p.min, p.default_value) << name << "." << p.name;
      EXPECT_LE(p.default_value, p.max) << name << "." << p.name;
    }
  }
  const TransformInfo* cautious = find_transform("cautious");
  ASSERT_NE(cautious, nullptr);
  EXPECT_EQ(cautious->stage, TransformStage::Post);
}

// ---- Lockstep with the references ----

TEST(ZooAdaptive, AdaBeliefMatchesReference) {
  expect_lockstep({{"name", "adabelief"}, {"lr", 0.01}},
                  ref<reference::AdaBelief>(0.9, 0.999, 1e-16, 0.0, true), 100,
                  {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "adabelief"}, {"lr", 0.01}, {"weight_decay", 0.1}},
                  ref<reference::AdaBelief>(0.9, 0.999, 1e-16, 0.1, true), 100, {zoo::network()});
  expect_lockstep({{"name", "adabelief"},
                   {"lr", 0.01},
                   {"weight_decay", 0.1},
                   {"weight_decouple", false},
                   {"eps", 1e-8}},
                  ref<reference::AdaBelief>(0.9, 0.999, 1e-8, 0.1, false), 100, {zoo::quadratic()});
}

TEST(ZooAdaptive, AdaBoundAndAmsBoundMatchReference) {
  // gamma = 0.1 closes the band within the run, so both clamps and the Adam regime occur.
  // (On Rosenbrock the final SGD rate must be small: plain SGD at 0.1 diverges there.)
  for (bool ams : {false, true}) {
    const char* name = ams ? "amsbound" : "adabound";
    expect_lockstep({{"name", name}, {"lr", 0.01}, {"gamma", 0.1}},
                    ref<reference::AdaBound>(0.9, 0.999, 1e-8, 0.01, 0.1, 0.1, ams, 0.0), 100,
                    {zoo::network()});
    expect_lockstep({{"name", name}, {"lr", 0.01}, {"gamma", 0.1}, {"final_lr", 1e-4}},
                    ref<reference::AdaBound>(0.9, 0.999, 1e-8, 0.01, 1e-4, 0.1, ams, 0.0), 100,
                    {zoo::rosenbrock()});
  }
  expect_lockstep({{"name", "adabound"}, {"lr", 0.01}, {"weight_decay", 0.05}},
                  ref<reference::AdaBound>(0.9, 0.999, 1e-8, 0.01, 0.1, 1e-3, false, 0.05), 60,
                  {zoo::network()});
  // final_lr follows the learning-rate schedule.
  expect_lockstep({{"name", "adabound"}, {"lr", 0.01}, {"gamma", 0.1}},
                  ref<reference::AdaBound>(0.9, 0.999, 1e-8, 0.01, 0.1, 0.1, false, 0.0), 80,
                  {zoo::network()}, kTol, {{"schedule", {{"name", "cosine"}}}});
}

TEST(ZooAdaptive, DiffGradMatchesReference) {
  expect_lockstep({{"name", "diffgrad"}, {"lr", 0.01}}, ref<reference::DiffGrad>(0.9, 0.999, 1e-8),
                  100, {zoo::rosenbrock(), zoo::network()});
}

TEST(ZooAdaptive, AdamPAndSgdPMatchReference) {
  // Default delta: the network is not scale-invariant, so projections are rare; delta = 3
  // exceeds sqrt(fan-in) * |cos| for every matrix, so every matrix is projected every step
  // (no float/double branching at the threshold in either case).
  for (double delta : {0.1, 3.0}) {
    expect_lockstep({{"name", "adamp"}, {"lr", 0.01}, {"delta", delta}, {"weight_decay", 0.1}},
                    ref<reference::AdamP>(0.9, 0.999, 1e-8, 0.1, delta, 0.1), 100,
                    {zoo::rosenbrock(), zoo::network()});
    expect_lockstep({{"name", "sgdp"}, {"lr", 0.05}, {"delta", delta}, {"weight_decay", 0.01}},
                    ref<reference::SgdP>(0.9, 0.0, true, 0.01, delta, 0.1, 1e-8), 100,
                    {zoo::quadratic(), zoo::network()});
  }
  expect_lockstep({{"name", "adamp"}, {"lr", 0.01}, {"delta", 3.0}, {"nesterov", true}},
                  ref<reference::AdamP>(0.9, 0.999, 1e-8, 0.01, 3.0, 0.1, true), 60,
                  {zoo::network()});
  expect_lockstep(
      {{"name", "sgdp"}, {"lr", 0.05}, {"delta", 3.0}, {"nesterov", false}, {"dampening", 0.5}},
      ref<reference::SgdP>(0.9, 0.5, false, 1e-5, 3.0, 0.1, 1e-8), 60, {zoo::network()});
}

TEST(ZooAdaptive, LionMatchesReference) {
  expect_lockstep({{"name", "lion"}, {"lr", 1e-3}, {"weight_decay", 0.1}},
                  ref<reference::Lion>(0.9, 0.99, 0.1, false), 100,
                  {zoo::rosenbrock(), zoo::network()});
}

TEST(ZooAdaptive, GramsMatchesReference) {
  using K = reference::AdamDirection::Kind;
  expect_lockstep({{"name", "grams"}, {"lr", 0.01}, {"weight_decay", 0.1}},
                  ref<reference::AdamDirection>(K::Grams, 0.9, 0.999, 1e-8, 0.1), 100,
                  {zoo::rosenbrock(), zoo::network()});
}

TEST(ZooAdaptive, CautiousPresetsAndTransformMatchReference) {
  using K = reference::AdamDirection::Kind;
  expect_lockstep({{"name", "cautious_adamw"}, {"lr", 0.01}, {"weight_decay", 0.1}},
                  ref<reference::AdamDirection>(K::CautiousAdamW, 0.9, 0.999, 1e-8, 0.1), 100,
                  {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "cautious_lion"}, {"lr", 1e-3}, {"weight_decay", 0.1}},
                  ref<reference::Lion>(0.9, 0.99, 0.1, true), 100,
                  {zoo::rosenbrock(), zoo::network()});
  // The catalog transform over plain Adam (post stage) is C-AdamW without decay.
  expect_lockstep({{"name", "adam"}, {"lr", 0.01}},
                  ref<reference::AdamDirection>(K::CautiousAdamW, 0.9, 0.999, 1e-8, 0.0), 100,
                  {zoo::rosenbrock(), zoo::network()}, kTol,
                  {{"transforms", json::array({{{"name", "cautious"}}})}});
}

TEST(ZooAdaptive, AdEMAMixMatchesReference) {
  // T = 40 puts the end of the alpha / beta3 warm-up inside the compared steps.
  expect_lockstep(
      {{"name", "ademamix"}, {"lr", 0.01}, {"t_alpha_beta3", 40}, {"weight_decay", 0.1}},
      ref<reference::AdEMAMix>(0.9, 0.999, 0.9999, 5.0, 40, 1e-8, 0.1), 100,
      {zoo::rosenbrock(), zoo::network()});
  expect_lockstep(
      {{"name", "ademamix"}, {"lr", 1e-3}, {"t_alpha_beta3", 0}, {"alpha", 2.0}, {"beta3", 0.999}},
      ref<reference::AdEMAMix>(0.9, 0.999, 0.999, 2.0, 0, 1e-8, 0.0), 60, {zoo::network()}, kTol,
      json::object());
}

TEST(ZooAdaptive, GravityMatchesReference) {
  // The reference draws V0 from its own implementation of the run's optimizer stream (seed 5).
  expect_lockstep({{"name", "gravity"}, {"lr", 0.1}}, ref<reference::Gravity>(0.1, 0.01, 0.9, 5u),
                  100, {zoo::network()});
  expect_lockstep({{"name", "gravity"}, {"lr", 0.01}, {"alpha", 0.001}},
                  ref<reference::Gravity>(0.01, 0.001, 0.9, 5u), 100, {zoo::rosenbrock()});
}

TEST(ZooAdaptive, SignMethodsMatchReference) {
  expect_lockstep({{"name", "sign_descent"}, {"lr", 1e-3}}, ref<reference::Signum>(0.0, 0.0), 100,
                  {zoo::rosenbrock(), zoo::network()});
  expect_lockstep({{"name", "signum"}, {"lr", 1e-3}, {"weight_decay", 0.01}},
                  ref<reference::Signum>(0.9, 0.01), 100, {zoo::rosenbrock(), zoo::network()});
}

TEST(ZooAdaptive, NormalizedGdMatchesReference) {
  for (double beta : {0.0, 0.9}) {
    expect_lockstep({{"name", "normalized_gd"}, {"lr", 0.01}, {"momentum", beta}},
                    ref<reference::NormalizedGd>(beta), 100, {zoo::rosenbrock(), zoo::network()});
  }
}

// ---- Defining properties ----

// Lion: every coordinate of u + lr wd p is exactly +-lr (or 0 where the blend is 0).
TEST(ZooAdaptive, LionStepsAreExactlyPlusMinusLrPlusDecay) {
  const double lr = 3e-3, wd = 0.5;
  Probe probe("lion", {{"lr", lr}, {"weight_decay", wd}}, vector_layout(50));
  auto objective = random_gradients(11, {1e-6, 1.0, 1e3});
  Vec p = Vec::LinSpaced(50, -2.0f, 2.0f);
  for (int t = 1; t <= 30; ++t) {
    Vec u = probe.step(objective, p, t, lr);
    for (Eigen::Index i = 0; i < u.size(); ++i) {
      const double sign_part = u[i] + lr * wd * p[i];
      EXPECT_NEAR(std::abs(sign_part), lr, 1e-6 * lr) << "t=" << t << " i=" << i;
    }
    p += u;
  }
}

TEST(ZooAdaptive, SignDescentAndSignumStepsArePlusMinusLr) {
  const double lr = 0.02;
  Probe sign("sign_descent", {{"lr", lr}}, vector_layout(40));
  Probe signum("signum", {{"lr", lr}, {"momentum", 0.8}}, vector_layout(40));
  auto gradients = random_gradients(3, {1e-5, 1.0, 1e4});
  std::vector<double> m(40, 0.0);
  Vec p = Vec::Zero(40);
  Vec g(40);
  for (int t = 1; t <= 30; ++t) {
    gradients.value_and_grad(p, g);
    FnObjective fixed([&](ConstVecRef, VecRef out) { out = g; });
    Vec u1 = sign.step(fixed, p, t, lr);
    Vec u2 = signum.step(fixed, p, t, lr);
    for (int i = 0; i < 40; ++i) {
      m[i] = 0.8 * m[i] + 0.2 * g[i];
      EXPECT_FLOAT_EQ(u1[i], static_cast<float>(-lr * reference::sgn(g[i])));
      EXPECT_FLOAT_EQ(u2[i], static_cast<float>(-lr * reference::sgn(m[i])));
    }
  }
}

TEST(ZooAdaptive, NormalizedGdStepsHaveLengthLr) {
  const double lr = 0.05;
  for (double beta : {0.0, 0.9}) {
    Probe probe("normalized_gd", {{"lr", lr}, {"momentum", beta}}, vector_layout(20));
    Vec p = Vec::Zero(20);
    for (double scale : {1e-6, 1e-2, 1.0, 1e3, 1e6}) {
      auto objective = random_gradients(static_cast<std::uint64_t>(scale * 1e6) + 1, {scale});
      for (int t = 1; t <= 5; ++t) {
        Vec u = probe.step(objective, p, t, lr);
        EXPECT_NEAR(u.norm(), lr, 1e-5 * lr) << "beta " << beta << " scale " << scale;
      }
    }
  }
}

// AdaBound / AMSBound: the effective per-coordinate step eta = -u / m (m the first moment)
// stays inside [eta_l(t), eta_u(t)], and gradients spanning 1e-4..1e3 hit both bounds and the
// inside of the band.
TEST(ZooAdaptive, AdaBoundEffectiveStepStaysInsideItsBand) {
  const double lr = 1e-3, final_lr = 0.1, gamma = 0.01;
  for (const char* name : {"adabound", "amsbound"}) {
    Probe probe(name, {{"lr", lr}, {"final_lr", final_lr}, {"gamma", gamma}}, vector_layout(8));
    auto rng = std::make_shared<Rng>(21, Stream::Probe);
    Vec g(8);
    FnObjective objective([&](ConstVecRef, VecRef out) {
      for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<Scalar>(std::pow(10.0, i - 4) * (1.0 + 0.9 * rng->uniform()));
      }
      g = out;
    });
    std::vector<double> m(8, 0.0);
    int at_lower = 0, at_upper = 0, inside = 0;
    Vec p = Vec::Zero(8);
    for (int t = 1; t <= 300; ++t) {
      Vec u = probe.step(objective, p, t, lr);
      const double lower = final_lr * (1 - 1 / (gamma * t + 1));
      const double upper = final_lr * (1 + 1 / (gamma * t));
      for (int i = 0; i < 8; ++i) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        const double eta = -u[i] / m[i];
        EXPECT_GE(eta, lower * (1 - 1e-5)) << name << " t=" << t << " i=" << i;
        EXPECT_LE(eta, upper * (1 + 1e-5)) << name << " t=" << t << " i=" << i;
        if (std::abs(eta - lower) <= 1e-5 * lower) {
          ++at_lower;
        } else if (std::abs(eta - upper) <= 1e-5 * upper) {
          ++at_upper;
        } else {
          ++inside;
        }
      }
    }
    EXPECT_GT(at_lower, 0) << name;
    EXPECT_GT(at_upper, 0) << name;
    EXPECT_GT(inside, 0) << name;
  }
}

// A 4 x 6 weight matrix and a bias; the loss depends on W only through W's rows normalised
// (row_invariant) or W / ||W||_F, so the gradient is orthogonal to the weights.
struct ScaleInvariantProblem {
  ParamLayout layout;
  Vec target;
  bool row_invariant;
  explicit ScaleInvariantProblem(bool rows) : row_invariant(rows) {
    layout.add("w", 4, 6, TensorRole::Weight);
    layout.add("b", 4, 1, TensorRole::Bias);
    Rng rng(9, Stream::Probe);
    target = Vec(28);
    for (int i = 0; i < 28; ++i) target[i] = static_cast<Scalar>(rng.normal());
  }
  // loss = -<target_W, normalise(W)> + |b - target_b|^2 / 2.
  FnObjective objective() const {
    return FnObjective([this](ConstVecRef p, VecRef g) {
      ConstMatMap w(p.data(), 4, 6);
      ConstMatMap a(target.data(), 4, 6);
      Mat gw(4, 6);
      if (row_invariant) {
        for (int r = 0; r < 4; ++r) {
          const Scalar n = w.row(r).norm();
          const Eigen::RowVectorXf unit = w.row(r) / n;
          gw.row(r) = -(a.row(r) - a.row(r).dot(unit) * unit) / n;
        }
      } else {
        const Scalar n = w.norm();
        const Mat unit = w / n;
        gw = -(a - (a.cwiseProduct(unit)).sum() * unit) / n;
      }
      g.head(24) = Eigen::Map<const Vec>(gw.data(), 24);
      g.tail(4) = p.tail(4) - target.tail(4);
    });
  }
  Vec start() const {
    Vec p(28);
    Rng rng(10, Stream::Probe);
    for (int i = 0; i < 28; ++i) p[i] = static_cast<Scalar>(rng.normal());
    return p;
  }
};

// |cos| between the weights and the update, per row or for the whole matrix.
double radial_cosine(const Vec& p, const Vec& u, bool rows) {
  ConstMatMap w(p.data(), 4, 6), d(u.data(), 4, 6);
  if (!rows) return std::abs((w.cwiseProduct(d)).sum()) / (w.norm() * d.norm());
  double worst = 0;
  for (int r = 0; r < 4; ++r) {
    worst = std::max(worst, static_cast<double>(std::abs(w.row(r).dot(d.row(r))) /
                                                (w.row(r).norm() * d.row(r).norm())));
  }
  return worst;
}

TEST(ZooAdaptive, AdamPAndSgdPHaveNoRadialComponentOnScaleInvariantWeights) {
  for (bool rows : {true, false}) {
    ScaleInvariantProblem problem(rows);
    auto objective = problem.objective();
    struct Case {
      const char* name;
      std::map<std::string, double> params;
      bool projects;
    };
    const std::vector<Case> cases = {
        {"adamp", {{"lr", 0.01}, {"weight_decay", 0.0}}, true},
        {"sgdp", {{"lr", 0.1}, {"weight_decay", 0.0}}, true},
        {"adam", {{"lr", 0.01}}, false},  // control: Adam's step does have a radial part
        {"sgd", {{"lr", 0.1}, {"momentum", 0.9}, {"nesterov", true}}, false},
    };
    for (const auto& c : cases) {
      Probe probe(c.name, c.params, problem.layout);
      Vec p = problem.start();
      double worst = 0;
      for (int t = 1; t <= 40; ++t) {
        Vec u = probe.step(objective, p, t, c.params.at("lr"));
        worst = std::max(worst, radial_cosine(p, u, rows));
        p += u;
      }
      if (c.projects) {
        EXPECT_LT(worst, 1e-5) << c.name << (rows ? " (rows)" : " (matrix)");
      } else {
        EXPECT_GT(worst, 1e-3) << c.name << (rows ? " (rows)" : " (matrix)");
      }
    }
  }
}

// With weight decay, a projected matrix decays wd_ratio times slower than the (never
// projected) bias: the updates with and without decay differ by -lr wd wd_ratio W and -lr wd b.
TEST(ZooAdaptive, AdamPScalesDecayOfProjectedMatricesByWdRatio) {
  ScaleInvariantProblem problem(true);
  auto objective = problem.objective();
  const double lr = 0.01, wd = 0.3;
  Probe with("adamp", {{"lr", lr}, {"weight_decay", wd}, {"wd_ratio", 0.25}}, problem.layout);
  Probe without("adamp", {{"lr", lr}, {"weight_decay", 0.0}}, problem.layout);
  const Vec p = problem.start();
  const Vec diff = with.step(objective, p, 1, lr) - without.step(objective, p, 1, lr);
  for (int i = 0; i < 24; ++i) EXPECT_NEAR(diff[i], -lr * wd * 0.25 * p[i], 1e-7);
  for (int i = 24; i < 28; ++i) EXPECT_NEAR(diff[i], -lr * wd * p[i], 1e-7);
}

// Grams: direction from the gradient's sign, magnitude from Adam's update.
TEST(ZooAdaptive, GramsIsAdamMagnitudeAlongTheGradientSign) {
  const double lr = 0.01;
  Probe grams("grams", {{"lr", lr}}, vector_layout(30));
  Probe adam("adam", {{"lr", lr}}, vector_layout(30));
  auto a = random_gradients(5, {1e-3, 1.0, 1e2});
  auto b = random_gradients(5, {1e-3, 1.0, 1e2});
  Vec g(30);
  const Vec p = Vec::Zero(30);
  int flipped = 0;
  for (int t = 1; t <= 40; ++t) {
    FnObjective recorded([&](ConstVecRef q, VecRef out) {
      a.value_and_grad(q, out);
      g = out;
    });
    Vec ug = grams.step(recorded, p, t, lr);
    Vec ua = adam.step(b, p, t, lr);
    for (int i = 0; i < 30; ++i) {
      EXPECT_FLOAT_EQ(std::abs(ug[i]), std::abs(ua[i])) << "t=" << t << " i=" << i;
      EXPECT_LE(ug[i] * g[i], 0.0f);
      if (ua[i] * g[i] > 0) ++flipped;  // Adam would have moved uphill here
    }
  }
  EXPECT_GT(flipped, 0);  // the test exercises coordinates where the two directions differ
}

// The cautious transform: masked coordinates are exactly zero, kept ones move downhill and
// equal the base update times (tensor size / kept), per tensor.
TEST(ZooAdaptive, CautiousTransformKeepsOnlyDownhillCoordinatesAndRescales) {
  ParamLayout layout;
  layout.add("w", 3, 4, TensorRole::Weight);
  layout.add("b", 3, 1, TensorRole::Bias);
  const double lr = 0.01;
  Probe cautious("adam", {{"lr", lr}}, layout, {"cautious"});
  Probe plain("adam", {{"lr", lr}}, layout);
  auto a = random_gradients(8);
  auto b = random_gradients(8);
  Vec g(15);
  const Vec p = Vec::Zero(15);
  int masked_total = 0;
  for (int t = 1; t <= 40; ++t) {
    FnObjective recorded([&](ConstVecRef q, VecRef out) {
      a.value_and_grad(q, out);
      g = out;
    });
    Vec uc = cautious.step(recorded, p, t, lr);
    Vec up = plain.step(b, p, t, lr);
    for (const auto& tensor : layout.tensors) {
      int kept = 0;
      for (int i = tensor.offset; i < tensor.offset + tensor.size(); ++i) kept += up[i] * g[i] < 0;
      for (int i = tensor.offset; i < tensor.offset + tensor.size(); ++i) {
        if (up[i] * g[i] < 0) {
          EXPECT_FLOAT_EQ(uc[i], up[i] * static_cast<float>(tensor.size()) / kept);
        } else {
          EXPECT_EQ(uc[i], 0.0f);
          ++masked_total;
        }
      }
    }
  }
  EXPECT_GT(masked_total, 0);
}

// C-Lion: every coordinate is 0 or +-lr * (size / kept) against the gradient's sign.
TEST(ZooAdaptive, CautiousLionStepsAreMaskedSigns) {
  const double lr = 1e-3;
  Probe probe("cautious_lion", {{"lr", lr}}, vector_layout(25));
  auto a = random_gradients(13);
  Vec g(25);
  const Vec p = Vec::Zero(25);
  for (int t = 1; t <= 30; ++t) {
    FnObjective recorded([&](ConstVecRef q, VecRef out) {
      a.value_and_grad(q, out);
      g = out;
    });
    Vec u = probe.step(recorded, p, t, lr);
    int kept = 0;
    for (int i = 0; i < 25; ++i) kept += u[i] != 0;
    ASSERT_GT(kept, 0);
    for (int i = 0; i < 25; ++i) {
      if (u[i] == 0) continue;
      EXPECT_LT(u[i] * g[i], 0.0f);
      EXPECT_NEAR(std::abs(u[i]), lr * 25.0 / kept, 1e-6 * lr * 25.0 / kept);
    }
  }
}

// AdaBelief: when the gradient is exactly as predicted (constant), the belief s (its variance
// around the EMA) shrinks and the step grows far beyond lr, at every gradient scale; Adam's
// step stays at lr.
TEST(ZooAdaptive, AdaBeliefStepsGrowWhenTheGradientIsPredictable) {
  const double lr = 1e-3;
  const Vec p = Vec::Zero(4);
  Probe belief("adabelief", {{"lr", lr}}, vector_layout(4));
  Probe adam("adam", {{"lr", lr}}, vector_layout(4));
  FnObjective constant([](ConstVecRef, VecRef out) { out << 0.01f, 1.0f, 100.0f, -3.0f; });
  Vec ub, ua;
  for (int t = 1; t <= 60; ++t) {
    ub = belief.step(constant, p, t, lr);
    ua = adam.step(constant, p, t, lr);
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(std::abs(ua[i]), lr, 1e-3 * lr) << i;
    EXPECT_GT(std::abs(ub[i]), 3 * lr) << i;
  }
}

// diffGrad: its update is Adam's times sigmoid(|g_t - g_{t-1}|): exactly half of it when the
// gradient does not change, nearly all of it when it jumps. eps = 0 makes the two step-size
// forms of Adam identical.
TEST(ZooAdaptive, DiffGradFrictionHalvesStepsOfSteadyGradients) {
  const double lr = 1e-3;
  Probe diff("diffgrad", {{"lr", lr}, {"eps", 1e-16}}, vector_layout(3));
  Probe adam("adam", {{"lr", lr}, {"eps", 1e-16}}, vector_layout(3));
  const Vec p = Vec::Zero(3);
  for (int t = 1; t <= 40; ++t) {
    const bool jump = t > 20 && t % 2 == 1;
    FnObjective objective(
        [jump](ConstVecRef, VecRef out) { out << 0.5f, -2.0f, jump ? 30.0f : -30.0f; });
    Vec ud = diff.step(objective, p, t, lr);
    Vec ua = adam.step(objective, p, t, lr);
    if (t == 1) continue;  // g_0 = 0: the first friction is sigmoid(|g_1|)
    EXPECT_NEAR(ud[0] / ua[0], 0.5, 1e-5);
    EXPECT_NEAR(ud[1] / ua[1], 0.5, 1e-5);
    EXPECT_NEAR(ud[2] / ua[2], t > 20 ? 1.0 : 0.5, 1e-5) << t;  // |change| = 60 after t = 20
  }
}

// AdEMAMix's warm-up: alpha linear from 0; beta3's half-life linear from beta1's to beta3's;
// both reach their final values at T and stay there.
TEST(ZooAdaptive, AdEMAMixWarmUpSchedules) {
  const double b1 = 0.9, b3 = 0.9999, alpha = 5;
  const int T = 1000;
  auto half_life = [](double b) { return std::log(0.5) / std::log(b); };
  for (int t : {1, 10, 250, 500, 999}) {
    EXPECT_NEAR(ademamix::alpha_at(t, alpha, T), alpha * t / T, 1e-12);
    const double expected = half_life(b1) + (half_life(b3) - half_life(b1)) * t / T;
    EXPECT_NEAR(half_life(ademamix::beta3_at(t, b1, b3, T)), expected, 1e-6 * expected) << t;
  }
  for (int t : {T, T + 1, 10 * T}) {
    EXPECT_EQ(ademamix::alpha_at(t, alpha, T), alpha);
    EXPECT_EQ(ademamix::beta3_at(t, b1, b3, T), b3);
  }
  EXPECT_EQ(ademamix::alpha_at(1, alpha, 0), alpha);
  EXPECT_EQ(ademamix::beta3_at(1, b1, b3, 0), b3);
}

// With alpha = 0 the slow EMA drops out and AdEMAMix is Adam; with alpha > 0 a gradient that
// has vanished still moves the weights through the slow EMA's memory.
TEST(ZooAdaptive, AdEMAMixRemembersOldGradients) {
  const double lr = 1e-3;
  Probe mix0("ademamix", {{"lr", lr}, {"alpha", 0.0}, {"t_alpha_beta3", 0}}, vector_layout(5));
  Probe adam("adam", {{"lr", lr}}, vector_layout(5));
  auto a = random_gradients(4);
  auto b = random_gradients(4);
  const Vec p = Vec::Zero(5);
  for (int t = 1; t <= 20; ++t) {
    Vec u0 = mix0.step(a, p, t, lr), ua = adam.step(b, p, t, lr);
    for (int i = 0; i < 5; ++i) EXPECT_FLOAT_EQ(u0[i], ua[i]);
  }
  // 1000 steps of g = 1, then 20 of g = -1: Adam's fast EMA has turned around, AdEMAMix's
  // update (alpha = 10) still points along the old gradient.
  Probe mix("ademamix", {{"lr", lr}, {"alpha", 10.0}, {"t_alpha_beta3", 0}}, vector_layout(1));
  Probe adam1("adam", {{"lr", lr}}, vector_layout(1));
  Vec um, ua;
  const Vec p1 = Vec::Zero(1);
  for (int t = 1; t <= 1020; ++t) {
    const float s = t <= 1000 ? 1.0f : -1.0f;
    FnObjective objective([s](ConstVecRef, VecRef out) { out[0] = s; });
    um = mix.step(objective, p1, t, lr);
    ua = adam1.step(objective, p1, t, lr);
  }
  EXPECT_GT(ua[0], 0.0f);  // Adam now moves against the new gradient (-1): upward
  EXPECT_LT(um[0], 0.0f);  // AdEMAMix still follows the 1000 old gradients
}

// Gravity: from a zero velocity (alpha = 0) the first update is -lr/2 * zeta with
// zeta = g / (1 + (g max|g|)^2), never larger than 1 / (2 max|g|): steep slopes give short
// steps. With alpha > 0 the initial velocity is noise from the run's optimizer stream.
TEST(ZooAdaptive, GravityStepsShrinkOnSteepSlopesAndStartFromNoise) {
  const double lr = 0.1;
  const Vec p = Vec::Zero(6);
  for (double scale : {1e-2, 1.0, 1e2, 1e4}) {
    Probe probe("gravity", {{"lr", lr}, {"alpha", 0.0}}, vector_layout(6));
    Vec g(6);
    g << 0.3f, -1.0f, 0.01f, 2.0f, -0.5f, 0.0f;
    g *= static_cast<Scalar>(scale);
    FnObjective objective([&](ConstVecRef, VecRef out) { out = g; });
    Vec u = probe.step(objective, p, 1, lr);
    const double max_abs = g.cwiseAbs().maxCoeff();
    for (int i = 0; i < 6; ++i) {
      const double zeta = g[i] / (1 + std::pow(g[i] * max_abs, 2));
      EXPECT_NEAR(u[i], -lr * 0.5 * zeta, 1e-6 * lr + 1e-4 * std::abs(lr * zeta)) << scale;
      EXPECT_LE(std::abs(u[i]), lr * 0.5 / (2 * max_abs) * (1 + 1e-5) + 1e-6 * lr) << scale;
    }
  }
  FnObjective flat([](ConstVecRef, VecRef out) { out.setZero(); });
  Probe a("gravity", {{"lr", lr}}, vector_layout(6), {}, 1);
  Probe b("gravity", {{"lr", lr}}, vector_layout(6), {}, 2);
  const Vec ua = a.step(flat, p, 1, lr), ub = b.step(flat, p, 1, lr);
  EXPECT_GT(ua.norm(), 0.0f);         // V0 ~ N(0, (alpha / lr)^2) moves the weights on a flat loss
  EXPECT_GT((ua - ub).norm(), 0.0f);  // and depends on the stream
}

}  // namespace
}  // namespace descent
