// Lazy-Hessian cubic Newton (curvature family, 2-D functions only) against its plain reference
// (tests/reference/curvature/lazy_newton.h) on three 2-D functions, and its defining property:
// the Hessian is computed only every m steps (two Hessian-vector products each time) and the
// method still converges fast; on a quadratic, where the Hessian is constant, laziness changes
// nothing at all.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/lazy_newton.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

using zoo::expect_lockstep;

TEST(ZooLazyNewton, MatchesItsReference) {
  ref::LazyNewton r1(200.0, 2);
  expect_lockstep(zoo::rosenbrock(), {{"name", "lazy_newton"}}, r1, 60);
  ref::LazyNewton r2(500.0, 5);
  expect_lockstep(zoo::rosenbrock(),
                  {{"name", "lazy_newton"}, {"regularization", 500.0}, {"hessian_period", 5}}, r2,
                  60);
  ref::LazyNewton r3(200.0, 2);
  expect_lockstep(zoo::booth(), {{"name", "lazy_newton"}, {"lr", 0.5}}, r3, 60);
  ref::LazyNewton r4(0.3, 3);
  expect_lockstep(zoo::quadratic(),
                  {{"name", "lazy_newton"}, {"regularization", 0.3}, {"hessian_period", 3}}, r4,
                  60);
}

// Counts Hessian-vector products on the way to the problem.
class CountingObjective final : public Objective {
 public:
  explicit CountingObjective(Objective& inner) : inner_(inner) {}
  double value_and_grad(ConstVecRef x, VecRef g) override { return inner_.value_and_grad(x, g); }
  double value(ConstVecRef x) override { return inner_.value(x); }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef x, ConstVecRef v, VecRef out) override {
    ++hvps;
    inner_.hvp(x, v, out);
  }
  int hvps = 0;

 private:
  Objective& inner_;
};

// Steps lazy_newton on a function's problem; returns the final point and counts the HVPs.
Vec run_lazy(const std::string& function, int period, int steps, int& hvps, double& grad_norm) {
  json c = zoo::config_json(zoo::rosenbrock(), {{"name", "sgd"}}, 1);
  c["problem"]["name"] = function;
  descent::Run run(zoo::parse_or_fail(c));
  TrainingProblem& problem = run.problem();
  CountingObjective counting(problem);
  const OptimizerInfo* info = find_optimizer("lazy_newton");
  ParamValues given;
  given.numbers = {{"hessian_period", period}};
  auto opt = info->make(with_defaults(info->params, given));
  const ParamLayout& layout = problem.layout();
  opt->init(layout);
  Vec x = run.params(), u(2), g(2);
  for (int t = 1; t <= steps; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.lr = 1.0;
    ctx.layout = &layout;
    opt->step(counting, x, u, ctx);
    x += u;
  }
  problem.value_and_grad(x, g);
  grad_norm = g.norm();
  hvps = counting.hvps;
  return x;
}

TEST(ZooLazyNewton, ReusesTheHessianForMSteps) {
  for (int period : {1, 2, 5}) {
    int hvps = 0;
    double grad_norm = 0;
    const Vec x = run_lazy("rosenbrock", period, 200, hvps, grad_norm);
    std::printf("rosenbrock, m = %d: %d HVPs in 200 steps, final point (%.6f, %.6f), |g| %.2e\n",
                period, hvps, x[0], x[1], grad_norm);
    EXPECT_EQ(hvps, 2 * ((200 + period - 1) / period)) << "m " << period;
    EXPECT_NEAR(x[0], 1.0, 1e-3) << "m " << period;
    EXPECT_NEAR(x[1], 1.0, 2e-3) << "m " << period;
  }
  // A constant Hessian: every period gives the same iterates.
  int hvps1 = 0, hvps4 = 0;
  double g1 = 0, g4 = 0;
  const Vec x1 = run_lazy("quadratic", 1, 30, hvps1, g1);
  const Vec x4 = run_lazy("quadratic", 4, 30, hvps4, g4);
  EXPECT_EQ(x1, x4);
  EXPECT_EQ(hvps1, 60);
  EXPECT_EQ(hvps4, 16);
}

}  // namespace
}  // namespace descent
