// Low-rank matrix sensing (problems/sensing/, run/sensing_problem.h): the instance's
// construction, the exact gradient and Hessian-vector product against central finite
// differences in double, the loss against a plain reference (tests/reference/sensing/), the
// config's field-level errors, the metric columns, and ScaledGD's step on this problem
// against its equation (tests/reference/geometry/scaled_gd.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "problems/sensing/matrix_sensing.h"
#include "run/config.h"
#include "run/sensing_problem.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/geometry/scaled_gd.h"
#include "tests/reference/sensing/matrix_sensing.h"

namespace descent {
namespace {

using nlohmann::json;

json sensing_problem(json extra = json::object()) {
  json p = {{"kind", "sensing"}, {"name", "matrix_sensing"}, {"n", 8}, {"true_rank", 3},
            {"rank", 4},         {"measurements", 60}};
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

SensingInstance instance(json extra = json::object(), std::uint32_t seed = 7) {
  const RunConfig c = test_run::config_of({{"schema", 1},
                                           {"problem", sensing_problem(std::move(extra))},
                                           {"optimizer", {{"name", "sgd"}}}});
  Rng rng(seed, kSensingStream);
  return make_sensing_instance(c.problem.params, rng);
}

Eigen::MatrixXd random_matrix(int rows, int cols, Rng& rng, double scale) {
  Eigen::MatrixXd m(rows, cols);
  for (int c = 0; c < cols; ++c)
    for (int r = 0; r < rows; ++r) m(r, c) = scale * rng.normal();
  return m;
}

TEST(MatrixSensing, InstanceHasTheTargetsSpectrumAndSymmetricMeasurements) {
  const SensingInstance s = instance({{"top_eigenvalue", 2.0}, {"ratio", 0.25}});
  ASSERT_EQ(s.target.rows(), 8);
  EXPECT_EQ(s.m(), 60);
  // X* = Q diag(2, 0.5, 0.125) Q^T: its trace and Frobenius norm are the eigenvalues'.
  EXPECT_NEAR(s.target.trace(), 2.625, 1e-12);
  EXPECT_NEAR(s.target.squaredNorm(), 4.0 + 0.25 + 0.015625, 1e-12);
  EXPECT_NEAR((s.target - s.target.transpose()).norm(), 0.0, 1e-14);
  for (int i = 0; i < s.m(); ++i) {
    double inner = 0.0;
    for (int col = 0; col < 8; ++col) {
      for (int row = 0; row < 8; ++row) {
        const double a = s.measurements(i, col * 8 + row);
        ASSERT_EQ(a, s.measurements(i, row * 8 + col)) << "A_" << i << " is symmetric";
        inner += a * s.target(row, col);
      }
    }
    EXPECT_NEAR(s.y[i], inner, 1e-12) << "y_" << i << " = <A_i, X*>";
  }
}

TEST(MatrixSensing, GradientMatchesFiniteDifferences) {
  const SensingInstance s = instance();
  SensingWork work(s);
  Rng rng(11, Stream::Probe);
  const Eigen::MatrixXd u = random_matrix(8, 4, rng, 0.5);
  Eigen::MatrixXd grad(8, 4);
  sensing_loss_and_grad(s, u, work, grad);
  const double h = 1e-6;
  for (int k = 0; k < u.size(); ++k) {
    Eigen::MatrixXd plus = u, minus = u;
    plus(k) += h;
    minus(k) -= h;
    const double fd = (sensing_loss(s, plus, work) - sensing_loss(s, minus, work)) / (2 * h);
    EXPECT_NEAR(grad(k), fd, 1e-7 * std::max(1.0, std::abs(fd))) << "entry " << k;
  }
}

TEST(MatrixSensing, HessianVectorProductMatchesFiniteDifferencesOfTheGradient) {
  const SensingInstance s = instance();
  SensingWork work(s);
  Rng rng(12, Stream::Probe);
  const Eigen::MatrixXd u = random_matrix(8, 4, rng, 0.5);
  const Eigen::MatrixXd v = random_matrix(8, 4, rng, 1.0);
  Eigen::MatrixXd hv(8, 4), gp(8, 4), gm(8, 4);
  sensing_hvp(s, u, v, work, hv);
  const double h = 1e-5;
  sensing_loss_and_grad(s, u + h * v, work, gp);
  sensing_loss_and_grad(s, u - h * v, work, gm);
  const Eigen::MatrixXd fd = (gp - gm) / (2 * h);
  EXPECT_LT((hv - fd).norm(), 1e-7 * fd.norm());
  // The Hessian is symmetric: <w, H v> = <v, H w>.
  const Eigen::MatrixXd w = random_matrix(8, 4, rng, 1.0);
  Eigen::MatrixXd hw(8, 4);
  sensing_hvp(s, u, w, work, hw);
  EXPECT_NEAR((w.array() * hv.array()).sum(), (v.array() * hw.array()).sum(),
              1e-10 * hv.norm() * w.norm());
}

TEST(MatrixSensing, LossMatchesThePlainReference) {
  const SensingInstance s = instance({{"measurements", 40}});
  SensingWork work(s);
  Rng rng(13, Stream::Probe);
  const Eigen::MatrixXd u = random_matrix(8, 4, rng, 0.7);
  std::vector<std::vector<double>> a(s.m());
  for (int i = 0; i < s.m(); ++i) {
    for (int e = 0; e < 64; ++e) a[i].push_back(s.measurements(i, e));
  }
  const std::vector<double> y(s.y.data(), s.y.data() + s.m());
  const std::vector<double> uv(u.data(), u.data() + u.size());
  const double ref = reference::matrix_sensing_loss(8, 4, uv, a, y);
  EXPECT_NEAR(sensing_loss(s, u, work), ref, 1e-12 * ref);
  // At a factor of X* itself the loss is 0 and the relative error too.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(s.target);
  Eigen::MatrixXd star = Eigen::MatrixXd::Zero(8, 4);
  for (int k = 0; k < 3; ++k)
    star.col(k) = eig.eigenvectors().col(7 - k) * std::sqrt(eig.eigenvalues()[7 - k]);
  EXPECT_LT(sensing_loss(s, star, work), 1e-24);
  EXPECT_LT(sensing_relative_error(s, star, work), 1e-12);
}

TEST(MatrixSensing, ProblemExposesOneWeightMatrixAndItsExactProducts) {
  for (const bool f64 : {false, true}) {
    json j = {{"schema", 1},
              {"seed", 3},
              {"problem", sensing_problem({{"init_scale", 0.3}})},
              {"optimizer", {{"name", "sgd"}}},
              {"steps", 1}};
    if (f64) j["precision"] = "float64";
    const RunConfig config = test_run::config_of(j);
    SensingProblem problem(config);
    ASSERT_EQ(problem.layout().tensors.size(), 1U);
    EXPECT_EQ(problem.layout().tensors[0].rows, 8);
    EXPECT_EQ(problem.layout().tensors[0].cols, 4);
    EXPECT_TRUE(problem.layout().tensors[0].is_matrix());
    Vec p(32), g(32), hv(32);
    problem.init_params(p);
    const double loss = problem.value_and_grad(p, g);
    SensingWork work(problem.instance());
    const Eigen::MatrixXd u = Eigen::Map<const Vec>(p.data(), 32).cast<double>().reshaped(8, 4);
    Eigen::MatrixXd grad(8, 4);
    EXPECT_NEAR(loss, sensing_loss_and_grad(problem.instance(), u, work, grad), 1e-12 * loss);
    EXPECT_LT((g.cast<double>() - grad.reshaped()).norm(), 1e-6 * grad.norm());
    const Vec v = Vec::Ones(32);
    problem.hvp(p, v, hv);
    Eigen::MatrixXd ref(8, 4);
    sensing_hvp(problem.instance(), u, Eigen::MatrixXd::Ones(8, 4), work, ref);
    EXPECT_LT((hv.cast<double>() - ref.reshaped()).norm(), 1e-6 * ref.norm());
    MetricRow row;
    problem.evaluate(p, row);
    EXPECT_EQ(row.loss, loss);
    // sv1 >= sv2 >= sv3 are U U^T's top eigenvalues.
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(u * u.transpose());
    EXPECT_NEAR(row.sv1, eig.eigenvalues()[7], 1e-10);
    EXPECT_NEAR(row.sv2, eig.eigenvalues()[6], 1e-10);
    EXPECT_NEAR(row.sv3, eig.eigenvalues()[5], 1e-10);
    EXPECT_NEAR(
        row.sensing_error,
        (u * u.transpose() - problem.instance().target).norm() / problem.instance().target.norm(),
        1e-12);
  }
}

TEST(MatrixSensing, ConfigErrorsNameTheFieldAndTheRange) {
  auto errors_of = [](json problem) {
    return parse_config({{"schema", 1}, {"problem", problem}, {"optimizer", {{"name", "sgd"}}}})
        .errors;
  };
  auto e = errors_of(sensing_problem({{"rank", 9}}));
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "problem.rank");
  EXPECT_NE(e[0].message.find("must not exceed n (8)"), std::string::npos) << e[0].message;
  e = errors_of(sensing_problem({{"init_scale", 2.0}}));
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "problem.init_scale");
  e = errors_of(sensing_problem({{"measurements", 5000}}));
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "problem.measurements");
  e = errors_of(sensing_problem({{"bogus", 1}}));
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "problem.bogus");
  e = errors_of({{"kind", "sensing"}, {"name", "spiral"}});
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "problem.name");
  // Weight averaging reports a test split, which matrix sensing has not.
  e = parse_config({{"schema", 1},
                    {"problem", sensing_problem()},
                    {"optimizer", {{"name", "sgd"}}},
                    {"steps", 10},
                    {"averaging", {{"ema_decay", 0.9}}}})
          .errors;
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].field, "averaging");
}

TEST(MatrixSensing, NormalisedConfigRoundTrips) {
  const RunConfig c = test_run::config_of(
      {{"schema", 1}, {"problem", sensing_problem()}, {"optimizer", {{"name", "sgd"}}}});
  const json normal = to_json(c);
  EXPECT_EQ(normal["problem"]["kind"], "sensing");
  EXPECT_EQ(normal["problem"]["init_scale"], 1e-3);
  EXPECT_FALSE(normal.contains("model"));
  EXPECT_EQ(to_json(test_run::config_of(normal)), normal);
}

// ScaledGD on the factor U: the catalog optimizer against the paper's equation
// U <- U - lr grad f(U) (U^T U + lambda I)^{-1}, in lockstep from a small initialisation
// (where the damping dominates) to the fitted factor.
TEST(MatrixSensing, ScaledGdStepMatchesItsEquation) {
  const zoo::Problem problem{"matrix_sensing",
                             {{"problem", sensing_problem({{"init_scale", 0.05}})}}};
  for (const double lambda : {0.01, 0.3}) {
    reference::ScaledGd ref(lambda);
    const auto r =
        zoo::compare(problem, {{"name", "scaled_gd"}, {"lr", 0.1}, {"lambda", lambda}}, ref, 80);
    EXPECT_EQ(r.steps, 80);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "lambda " << lambda;
  }
}

}  // namespace
}  // namespace descent
