// The min-max games (cpp/problems/functions/games.cpp): their vector field and its Jacobian
// against finite differences in double, and the defining behaviour of the methods on them:
// simultaneous gradient descent-ascent spirals out on the bilinear game by exactly
// sqrt(1 + (s lr)^2) per step, extragradient contracts by sqrt(1 - (s lr)^2 + (s lr)^4).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "problems/functions/function2d.h"
#include "run/config.h"

namespace descent {
namespace {

using nlohmann::json;

std::vector<const FunctionInfo*> games() {
  std::vector<const FunctionInfo*> out;
  for (const auto& f : function_catalog()) {
    if (f.game) out.push_back(&f);
  }
  return out;
}

ParamValues params_of(const FunctionInfo& f, const json& given) {
  ParamValues v;
  for (auto it = given.begin(); it != given.end(); ++it) v.numbers[it.key()] = it.value();
  return with_defaults(f.params, v);
}

json game_run(const std::string& name, const json& optimizer, int steps) {
  return {{"schema", 1},
          {"problem", {{"kind", "function"}, {"name", name}, {"start", {1.0, 0.5}}}},
          {"optimizer", optimizer},
          {"steps", steps}};
}

TEST(Games, BothGamesAreInTheCatalogWithTheirEquilibrium) {
  ASSERT_EQ(games().size(), 2u);
  for (const FunctionInfo* f : games()) {
    SCOPED_TRACE(f->name);
    ASSERT_EQ(f->minima.size(), 1u);
    const auto fn = f->make(with_defaults(f->params));
    EXPECT_EQ(fn->gradient(f->minima[0]), Eigen::Vector2d::Zero());  // F vanishes there
    EXPECT_EQ(fn->reported_loss(f->minima[0]), 0.0);
    EXPECT_DOUBLE_EQ(fn->reported_loss({3.0, 4.0}), 5.0);  // the distance to (0, 0)
  }
  EXPECT_NE(find_function("bilinear_game"), nullptr);
  EXPECT_NE(find_function("quadratic_game"), nullptr);
}

// F = (df/dx, -df/dy) from central differences of the value f, and J = dF/dp from central
// differences of F. Both games are quadratic: the differences are exact up to rounding.
TEST(Games, FieldAndJacobianMatchFiniteDifferences) {
  constexpr double h = 1e-5;
  const std::vector<json> settings = {
      json::object(), {{"scale", 3.0}}, {{"a", 2.0}, {"b", 0.5}, {"c", 7.0}}};
  for (const FunctionInfo* f : games()) {
    for (const json& s : settings) {
      json given = json::object();
      for (const auto& spec : f->params) {
        if (s.contains(spec.name)) given[spec.name] = s[spec.name];
      }
      const auto fn = f->make(params_of(*f, given));
      for (const Eigen::Vector2d& p : {Eigen::Vector2d(1.3, -0.7), Eigen::Vector2d(-2.1, 0.4)}) {
        SCOPED_TRACE(f->name + " " + given.dump());
        const Eigen::Vector2d ex(h, 0.0), ey(0.0, h);
        const double dfdx = (fn->value(p + ex) - fn->value(p - ex)) / (2 * h);
        const double dfdy = (fn->value(p + ey) - fn->value(p - ey)) / (2 * h);
        const Eigen::Vector2d field = fn->gradient(p);
        EXPECT_NEAR(field.x(), dfdx, 1e-8);
        EXPECT_NEAR(field.y(), -dfdy, 1e-8);  // the maximiser ascends
        const Eigen::Matrix2d jac = fn->hessian(p);
        const Eigen::Vector2d col_x = (fn->gradient(p + ex) - fn->gradient(p - ex)) / (2 * h);
        const Eigen::Vector2d col_y = (fn->gradient(p + ey) - fn->gradient(p - ey)) / (2 * h);
        for (int i = 0; i < 2; ++i) {
          EXPECT_NEAR(jac(i, 0), col_x[i], 1e-8);
          EXPECT_NEAR(jac(i, 1), col_y[i], 1e-8);
        }
      }
    }
  }
  // The coupling makes the Jacobian antisymmetric in its off-diagonal: a rotation.
  const auto bilinear = find_function("bilinear_game")
                            ->make(params_of(*find_function("bilinear_game"), {{"scale", 2.0}}));
  const Eigen::Matrix2d j = bilinear->hessian({0.3, 0.2});
  EXPECT_EQ(j(0, 1), 2.0);
  EXPECT_EQ(j(1, 0), -2.0);
  EXPECT_EQ(j.trace(), 0.0);
}

// GDA, z <- z - lr F(z) with F(z) = s (y, -x): |z_{k+1}|^2 = (1 + (s lr)^2) |z_k|^2 exactly.
TEST(Games, GradientDescentAscentSpiralsOutBySqrtOnePlusLrSquared) {
  const FunctionInfo& f = *find_function("bilinear_game");
  for (const double s : {1.0, 2.5}) {
    const auto fn = f.make(params_of(f, {{"scale", s}}));
    const double lr = 0.1;
    const double factor = std::sqrt(1.0 + s * s * lr * lr);
    Eigen::Vector2d z(1.0, 0.5);
    for (int k = 0; k < 100; ++k) {
      const Eigen::Vector2d next = z - lr * fn->gradient(z);
      EXPECT_NEAR(next.norm() / z.norm(), factor, 1e-14) << "step " << k;
      z = next;
    }
  }
  // The same through a run (float32 iterates, loss = distance): the loss column grows by the
  // factor at every step, to float32 rounding.
  const RunOutcome out = run_config(game_run("bilinear_game", {{"name", "sgd"}, {"lr", 0.1}}, 200));
  ASSERT_FALSE(out.diverged());
  ASSERT_EQ(out.rows.size(), 201u);
  for (std::size_t k = 1; k < out.rows.size(); ++k) {
    EXPECT_NEAR(out.rows[k].loss / out.rows[k - 1].loss, std::sqrt(1.01), 1e-6) << "step " << k;
  }
}

// Extragradient, z <- z - lr F(z - lr F(z)) = (I - lr J + lr^2 J^2) z; on the bilinear game
// J^2 = -s^2 I, so |z_{k+1}| = sqrt(1 - (s lr)^2 + (s lr)^4) |z_k| < |z_k| for s lr < 1.
TEST(Games, ExtragradientContracts) {
  const double lr = 0.1;
  const double factor = std::sqrt(1.0 - lr * lr + lr * lr * lr * lr);
  const RunOutcome out =
      run_config(game_run("bilinear_game", {{"name", "extragradient"}, {"lr", lr}}, 200));
  ASSERT_EQ(out.rows.size(), 201u);
  for (std::size_t k = 1; k < out.rows.size(); ++k) {
    EXPECT_NEAR(out.rows[k].loss / out.rows[k - 1].loss, factor, 1e-5) << "step " << k;
  }
  EXPECT_LT(out.last().loss, 0.4 * out.rows[0].loss);
  // Optimistic gradient also converges (not monotonically: it needs a step to warm up).
  const RunOutcome og =
      run_config(game_run("bilinear_game", {{"name", "optimistic_gradient"}, {"lr", lr}}, 400));
  EXPECT_LT(og.last().loss, 0.2 * og.rows[0].loss);
  // On the convex-concave game with weak curvature against a strong coupling, plain GDA at a
  // large step still spirals out, while extragradient converges.
  const json large = {{"name", "sgd"}, {"lr", 0.5}};
  const RunOutcome gda = run_config(game_run("quadratic_game", large, 100));
  EXPECT_GT(gda.last().loss, gda.rows[0].loss);
  const RunOutcome eg =
      run_config(game_run("quadratic_game", {{"name", "extragradient"}, {"lr", 0.5}}, 100));
  EXPECT_LT(eg.last().loss, 0.1 * eg.rows[0].loss);
}

// Curvature diagnostics on a game: the products are J v. Hutchinson's estimate is then
// trace J = a + c, exactly for every Rademacher probe v, since v^T J v = J00 + J11 +
// (J01 + J10) v0 v1 and J01 + J10 = b - b = 0. Lanczos' sharpness is refused with a field error.
TEST(Games, CurvatureDiagnosticsMeanTheTraceOrAreRefused) {
  json config = game_run("quadratic_game", {{"name", "sgd"}, {"lr", 0.1}}, 10);
  config["problem"]["a"] = 0.3;
  config["problem"]["c"] = 0.2;
  config["diagnostics"] = {{"every", 5}, {"hutchinson_probes", 4}};
  const RunOutcome out = run_config(config);
  const std::vector<double> trace = column(out.rows, "hessian_trace");
  ASSERT_FALSE(trace.empty());
  for (const double t : trace) EXPECT_NEAR(t, 0.5, 1e-6);

  config["diagnostics"] = {{"every", 5}, {"top_k", 1}};
  const ParsedConfig parsed = parse_config(config);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "diagnostics.top_k");
  EXPECT_NE(parsed.errors[0].message.find("game"), std::string::npos);
}

// The demo's claim holds, and fails without its key ingredient, the look-ahead: extragradient
// without its extrapolation, or optimistic gradient without its correction, is plain GDA.
TEST(Games, MinmaxRotationClaimFailsWithoutTheLookAhead) {
  const Demo demo = minmax_rotation_demo();
  EXPECT_TRUE(demo.check(demo).pass());
  for (const std::size_t run : {1u, 2u}) {
    Demo ablated = demo;
    ablated.runs[run].config["optimizer"] = {{"name", "sgd"}, {"lr", 0.1}};
    EXPECT_FALSE(ablated.check(ablated).pass()) << demo.runs[run].label;
  }
}

}  // namespace
}  // namespace descent
