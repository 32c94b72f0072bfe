// M-FAC (curvature family) against its plain reference (tests/reference/curvature/mfac.h, the
// explicit Sherman-Morrison inverse) on a 2-D function and the 2-8-8-3 network, and its
// defining property: the step is lr times the inverse of the damped empirical Fisher of the
// sliding window of the last m gradients applied to the current gradient; older gradients
// leave the window.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/mfac.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

using zoo::expect_lockstep;

TEST(ZooMfac, MatchesItsReference) {
  ref::Mfac r1(32, 1e-5);
  expect_lockstep(zoo::rosenbrock(), {{"name", "mfac"}, {"lr", 1e-3}}, r1, 60);
  // At the defaults (damp 1e-5) the inverse amplifies float32 rounding of the gradients by up
  // to 1 / damp: observed 1.1e-3 over 60 steps, tolerance 3e-3; with damp 1e-3 below the
  // trajectories agree to 1e-4 (observed 4e-7).
  ref::Mfac r2(32, 1e-5);
  expect_lockstep(zoo::network(), {{"name", "mfac"}}, r2, 60, 3e-3);
  ref::Mfac r3(5, 1e-3, 0.9, 1e-3);
  expect_lockstep(zoo::network(),
                  {{"name", "mfac"},
                   {"lr", 1e-3},
                   {"ngrads", 5},
                   {"damp", 1e-3},
                   {"momentum", 0.9},
                   {"weight_decay", 1e-3}},
                  r3, 60);
}

// A reference with a different window is told apart.
TEST(ZooMfac, AWrongWindowIsCaught) {
  ref::Mfac wrong(4, 1e-3);
  auto c =
      zoo::compare(zoo::network(), {{"name", "mfac"}, {"ngrads", 5}, {"damp", 1e-3}}, wrong, 50);
  EXPECT_GT(c.max_relative_deviation, 1e-3);
}

class FixedGradient final : public Objective {
 public:
  Vec gradient;
  double value_and_grad(ConstVecRef, VecRef grad) override {
    grad = gradient;
    return 1.0;
  }
  double value(ConstVecRef) override { return 1.0; }
};

// (damp I + (1/m) sum over the window g_i g_i^T) (-u / lr) = g at every step, with the window
// the last min(t, m) gradients.
TEST(ZooMfac, StepsAlongTheInverseEmpiricalFisherOfTheWindow) {
  const int d = 12, m = 4;
  const double damp = 0.05, lr = 0.1;
  const ParamLayout layout = ParamLayout::single_vector(d, "x", TensorRole::Point);
  const OptimizerInfo* info = find_optimizer("mfac");
  ASSERT_NE(info, nullptr);
  ParamValues given;
  given.numbers = {{"ngrads", m}, {"damp", damp}};
  auto opt = info->make(with_defaults(info->params, given));
  opt->init(layout);
  FixedGradient f;
  Rng rng(4, Stream::Probe);
  std::deque<Eigen::VectorXd> window;
  Vec x = Vec::Zero(d), u(d);
  for (int t = 1; t <= 9; ++t) {
    f.gradient.resize(d);
    for (int i = 0; i < d; ++i) f.gradient[i] = static_cast<Scalar>(rng.normal());
    window.push_back(f.gradient.cast<double>());
    if (static_cast<int>(window.size()) > m) window.pop_front();
    StepContext ctx;
    ctx.step = t;
    ctx.lr = lr;
    ctx.layout = &layout;
    opt->step(f, x, u, ctx);
    Eigen::MatrixXd fisher = damp * Eigen::MatrixXd::Identity(d, d);
    for (const auto& g : window) fisher += g * g.transpose() / m;
    const Eigen::VectorXd direction = -u.cast<double>() / lr;
    const Eigen::VectorXd residual = fisher * direction - f.gradient.cast<double>();
    EXPECT_LT(residual.norm(), 1e-4 * f.gradient.norm()) << "step " << t;
    // The window matters: with every gradient so far the product would be different.
    if (t > m) {
      Eigen::MatrixXd all = fisher;
      Rng replay(4, Stream::Probe);
      all = damp * Eigen::MatrixXd::Identity(d, d);
      for (int s = 1; s <= t; ++s) {
        Eigen::VectorXd g(d);
        for (int i = 0; i < d; ++i) g[i] = static_cast<float>(replay.normal());
        all += g * g.transpose() / m;
      }
      EXPECT_GT((all * direction - f.gradient.cast<double>()).norm(), 0.1 * f.gradient.norm());
    }
  }
}

}  // namespace
}  // namespace descent
