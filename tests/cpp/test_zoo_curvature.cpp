// The curvature family against plain references (tests/reference/curvature/) and tests of
// each method's defining property.
//
// Tolerances (L-BFGS on the network: see there): 1e-4 relative (max over steps of the largest
// parameter difference over max(1, |params|_inf)), the float32 core against double-state references
// as for Adam. damped_newton is functions_only (it needs the exact Hessian), so it is compared on
// three 2-D functions instead of a function and the network.
#include <cstdio>
#include <map>

#include "optim/optimizers/families.h"
#include "tests/reference/curvature/damped_newton.h"
#include "tests/reference/curvature/lbfgs.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

void expect_match(const zoo::Problem& problem, const json& optimizer, zoo::ReferenceOptimizer& r,
                  int steps, double tolerance) {
  auto result = zoo::compare(problem, optimizer, r, steps);
  std::printf("DEV %-10s %d %.3e %s\n", problem.name.c_str(), steps, result.max_relative_deviation,
              optimizer.dump().c_str());
  EXPECT_EQ(result.steps, steps) << problem.name;
  EXPECT_LT(result.max_relative_deviation, tolerance) << problem.name << " " << optimizer.dump();
}

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

// f = 0.5 x^T A x with A = [[3, 1], [1, 2]] (condition number about 2.6), exact HVP.
class Quadratic final : public Objective {
 public:
  double value_and_grad(ConstVecRef x, VecRef grad) override {
    grad[0] = 3 * x[0] + x[1];
    grad[1] = x[0] + 2 * x[1];
    return value(x);
  }
  double value(ConstVecRef x) override {
    return 0.5 * (3 * x[0] * x[0] + 2 * x[0] * x[1] + 2 * x[1] * x[1]);
  }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef, ConstVecRef v, VecRef out) override {
    out[0] = 3 * v[0] + v[1];
    out[1] = v[0] + 2 * v[1];
    ++hvps;
  }
  int hvps = 0;
};

// ---------------------------------------------------------------------------------------------
// Lockstep references

TEST(ZooCurvature, DampedNewtonMatchesReference) {
  ref::DampedNewton r1(0.1);
  expect_match(zoo::rosenbrock(), {{"name", "damped_newton"}, {"lr", 0.5}}, r1, 60, 1e-4);
  ref::DampedNewton r2(1.0);
  expect_match(zoo::quadratic(), {{"name", "damped_newton"}, {"lr", 0.3}, {"lambda", 1.0}}, r2, 60,
               1e-4);
  ref::DampedNewton r3(0.01);
  expect_match(zoo::booth(), {{"name", "damped_newton"}, {"lr", 0.2}, {"lambda", 0.01}}, r3, 60,
               1e-4);
}

TEST(ZooCurvature, LbfgsMatchesReference) {
  ref::Lbfgs r1(5);
  expect_match(zoo::rosenbrock(), {{"name", "lbfgs"}, {"lr", 0.05}, {"history", 5}}, r1, 60, 1e-4);
  // On the network the recursion divides by s^T y of parameter differences that the core
  // takes between float32 iterates (the reference between the same floats, but with its state
  // and dot products in double) and multiplies them back over m pairs: observed 1.1e-3 and
  // 3.2e-4 over 60 steps, tolerance 3e-3 (a wrong history gives > 1e-2, see below).
  ref::Lbfgs r2(10);
  expect_match(zoo::network(), {{"name", "lbfgs"}, {"lr", 0.2}}, r2, 60, 3e-3);
  ref::Lbfgs r3(3);
  expect_match(zoo::network(), {{"name", "lbfgs"}, {"lr", 0.2}, {"history", 3}}, r3, 60, 3e-3);
}

TEST(ZooCurvature, AWrongLbfgsReferenceIsCaught) {
  ref::Lbfgs wrong(2);  // history differs from the core's
  auto result = zoo::compare(zoo::network(), {{"name", "lbfgs"}, {"lr", 0.2}}, wrong, 50);
  EXPECT_GT(result.max_relative_deviation, 1e-2);
}

// ---------------------------------------------------------------------------------------------
// Defining properties

// With negligible damping and lr = 1, one Newton step lands on the minimum of a quadratic,
// using two Hessian-vector products; with damping lambda the step is (A + lambda I)^{-1} g.
TEST(ZooCurvature, DampedNewtonSolvesAQuadraticInOneStep) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  auto opt = make_optimizer("damped_newton", {{"lr", 1.0}, {"lambda", 1e-8}}, layout);
  Quadratic f;
  Vec x(2), u(2);
  x << 1.5f, -2.0f;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 1.0;
  opt->step(f, x, u, ctx);
  EXPECT_EQ(f.hvps, 2);
  EXPECT_LT((x + u).norm(), 1e-5f);

  auto damped = make_optimizer("damped_newton", {{"lr", 1.0}, {"lambda", 2.0}}, layout);
  damped->step(f, x, u, ctx);
  // (A + 2 I) (-u) = g.
  Vec g(2);
  f.value_and_grad(x, g);
  Vec lhs(2);
  lhs[0] = -(5 * u[0] + u[1]);
  lhs[1] = -(u[0] + 4 * u[1]);
  EXPECT_LT((lhs - g).norm(), 1e-5f);
}

// Quasi-Newton: with lr = 1 on a 2-D quadratic, L-BFGS converges superlinearly: far closer to
// the minimum after 8 steps than gradient descent at its optimal fixed step 2 / (L + mu).
TEST(ZooCurvature, LbfgsConvergesFasterThanGradientDescentOnAQuadratic) {
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  auto opt = make_optimizer("lbfgs", {{"lr", 1.0}, {"history", 5}}, layout);
  Quadratic f;
  Vec x(2), u(2), g(2), y(2);
  x << 1.5f, -2.0f;
  y = x;
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = 1.0;
  // Eigenvalues of A: (5 -+ sqrt 5) / 2.
  const Scalar gd_lr = Scalar(2.0 / 5.0);
  for (int t = 1; t <= 8; ++t) {
    ctx.step = t;
    opt->step(f, x, u, ctx);
    x += u;
    f.value_and_grad(y, g);
    y -= gd_lr * g;
  }
  EXPECT_LT(x.norm(), 1e-4f);
  EXPECT_GT(y.norm(), 1e-3f);
  EXPECT_LT(x.norm(), 0.1f * y.norm());
}

TEST(ZooCurvature, CatalogEntriesAreComplete) {
  for (const auto& info : curvature_optimizers()) {
    EXPECT_FALSE(info.title.empty() || info.description.empty() || info.citation.title.empty())
        << info.name;
    EXPECT_NE(find_optimizer(info.name), nullptr) << info.name;
  }
  const OptimizerInfo* newton = find_optimizer("damped_newton");
  ASSERT_NE(newton, nullptr);
  EXPECT_TRUE(newton->needs_hvp && newton->functions_only);
  EXPECT_EQ(newton->hvps_per_step, 2);
  // damped_newton is rejected for a network.
  ParsedConfig parsed =
      parse_config(zoo::config_json(zoo::network(), {{"name", "damped_newton"}}, 5));
  bool rejected = !parsed.ok();
  if (!rejected) {
    try {
      descent::Run run(*parsed.config);
    } catch (const ConfigError&) {
      rejected = true;
    }
  }
  EXPECT_TRUE(rejected);
}

}  // namespace
}  // namespace descent
