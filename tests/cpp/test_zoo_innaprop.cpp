// INNAprop (curvature family) against its plain reference (tests/reference/curvature/innaprop.h)
// on 2-D functions and the 2-8-8-3 network, and the structure of its dynamics: the auxiliary
// variable psi carries the inertia; with alpha = 1/beta and psi_0 = (1 - alpha beta) theta_0 = 0
// it stays 0 and INNAprop reduces exactly to RMSprop (bias-corrected, eps outside the root)
// with step lr beta, while any other alpha gives a different, inertial trajectory.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/innaprop.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

using zoo::expect_lockstep;

TEST(ZooInnaprop, MatchesItsReference) {
  ref::Innaprop r1(0.1, 0.9, 0.999, 1e-8, 0.01);
  expect_lockstep(zoo::rosenbrock(), {{"name", "innaprop"}, {"lr", 0.01}}, r1, 80);
  ref::Innaprop r2(0.1, 0.9, 0.999, 1e-8, 0.01);
  expect_lockstep(zoo::network(), {{"name", "innaprop"}, {"lr", 0.01}}, r2, 60);
  ref::Innaprop r3(2.0, 2.0, 0.99, 1e-8, 0.0);
  expect_lockstep(zoo::network(),
                  {{"name", "innaprop"},
                   {"lr", 0.05},
                   {"alpha", 2.0},
                   {"beta", 2.0},
                   {"sigma", 0.99},
                   {"weight_decay", 0.0}},
                  r3, 60, 1e-4);
  ref::Innaprop r4(0.5, 1.5, 0.9, 1e-8, 0.0);
  expect_lockstep(zoo::quadratic(),
                  {{"name", "innaprop"},
                   {"lr", 0.02},
                   {"alpha", 0.5},
                   {"beta", 1.5},
                   {"sigma", 0.9},
                   {"weight_decay", 0.0}},
                  r4, 80);
}

// RMSprop with v_hat bias correction and eps outside the root, step lr beta.
class RmsReference final : public zoo::ReferenceOptimizer {
 public:
  RmsReference(double sigma, double eps, double factor) : s_(sigma), eps_(eps), k_(factor) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (v_.empty()) v_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      v_[i] = s_ * v_[i] + (1 - s_) * static_cast<double>(g[i]) * g[i];
      p[i] = static_cast<float>(p[i] -
                                lr * k_ * g[i] / (std::sqrt(v_[i] / (1 - std::pow(s_, t))) + eps_));
    }
  }

 private:
  double s_, eps_, k_;
  std::vector<double> v_;
};

TEST(ZooInnaprop, WithoutInertiaItIsRmsprop) {
  RmsReference rms(0.999, 1e-8, 0.8);
  auto same = zoo::compare(
      zoo::network(),
      {{"name", "innaprop"}, {"lr", 0.01}, {"alpha", 1.25}, {"beta", 0.8}, {"weight_decay", 0.0}},
      rms, 60);
  EXPECT_LT(same.max_relative_deviation, 1e-5);
  RmsReference rms2(0.999, 1e-8, 0.9);
  auto inertial = zoo::compare(
      zoo::network(), {{"name", "innaprop"}, {"lr", 0.01}, {"weight_decay", 0.0}}, rms2, 60);
  EXPECT_GT(inertial.max_relative_deviation, 1e-2);
}

}  // namespace
}  // namespace descent
