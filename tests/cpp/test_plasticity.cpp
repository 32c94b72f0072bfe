// Plasticity diagnostics (diagnostics/plasticity.h) against the plain implementations of their
// papers' definitions (tests/reference/diagnostics/plasticity.h): a feature matrix with known
// singular values, hand-made dormant units, and the columns of runs in both precisions (the
// dormant fraction at tau = 0 is the dead-ReLU fraction measured by other code), empty where
// there is no hidden layer and absent unless asked for.
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/rng.h"
#include "diagnostics/plasticity.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/diagnostics/plasticity.h"

namespace descent {
namespace {

using nlohmann::json;

// U diag(sigma) V^T, n x d (n >= d), with random orthonormal U (n x d) and V (d x d).
Eigen::MatrixXd with_singular_values(int n, const std::vector<double>& sigma) {
  const int d = static_cast<int>(sigma.size());
  Rng rng(11, Stream::Init);
  const auto random = [&](int rows, int cols) {
    return Eigen::MatrixXd::NullaryExpr(rows, cols, [&] { return rng.normal(); });
  };
  const Eigen::MatrixXd u =
      Eigen::MatrixXd(random(n, n).householderQr().householderQ()).leftCols(d);
  const Eigen::MatrixXd v = random(d, d).householderQr().householderQ();
  Eigen::VectorXd s(d);
  for (int k = 0; k < d; ++k) s[k] = sigma[k];
  return u * s.asDiagonal() * v.transpose();
}

reference::Matrix rows_of(const Eigen::MatrixXd& m) {
  reference::Matrix out(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  for (int i = 0; i < m.rows(); ++i)
    for (int j = 0; j < m.cols(); ++j) out(i, j) = m(i, j);
  return out;
}

double closed_form_rank(const std::vector<double>& sigma) {
  double l1 = 0, entropy = 0;
  for (double s : sigma) l1 += s;
  for (double s : sigma)
    if (s > 0) entropy -= s / l1 * std::log(s / l1);
  return std::exp(entropy);
}

TEST(Plasticity, EffectiveRankOfKnownSingularValues) {
  const std::vector<double> sigma = {3.0, 2.0, 1.0, 0.5, 0.0};
  const Eigen::MatrixXd examples_by_units = with_singular_values(9, sigma);
  const double want = closed_form_rank(sigma);  // exp(H(6/13, 4/13, 2/13, 1/13)) = 3.137...
  EXPECT_NEAR(reference::effective_rank(rows_of(examples_by_units)), want, 1e-12);
  // The core takes units x examples; both orientations of the Gram matrix.
  const Eigen::MatrixXd f = examples_by_units.transpose();
  EXPECT_NEAR(effective_rank<double>(f), want, 1e-9);
  EXPECT_NEAR(effective_rank<double>(examples_by_units), want, 1e-9);
  EXPECT_NEAR(effective_rank<float>(f.cast<float>()), want, 1e-5);
  // Equal singular values: the rank is their count; one direction: 1; zero features: 0.
  EXPECT_NEAR(effective_rank<double>(with_singular_values(7, {2, 2, 2, 2}).transpose()), 4.0, 1e-9);
  EXPECT_NEAR(effective_rank<double>(with_singular_values(7, {5, 0, 0}).transpose()), 1.0, 1e-6);
  EXPECT_EQ(effective_rank<double>(Eigen::MatrixXd::Zero(3, 6)), 0.0);
}

TEST(Plasticity, EffectiveRankMatchesTheReferenceOnRandomFeatures) {
  Rng rng(5, Stream::Init);
  const Eigen::MatrixXd x = Eigen::MatrixXd::NullaryExpr(40, 6, [&] { return rng.normal(); });
  Eigen::MatrixXd skewed = x;
  for (int k = 0; k < 6; ++k) skewed.col(k) *= std::pow(0.3, k);
  for (const Eigen::MatrixXd& m : {x, skewed}) {
    const double want = reference::effective_rank(rows_of(m));
    EXPECT_NEAR(effective_rank<double>(m.transpose()), want, 1e-9 * want);
    const Eigen::MatrixXd rounded = m.cast<float>().cast<double>();
    EXPECT_NEAR(effective_rank<float>(m.transpose().cast<float>()),
                reference::effective_rank(rows_of(rounded)), 1e-5 * want);
  }
}

TEST(Plasticity, HandMadeDormantUnits) {
  // Four units on five examples: silent, nearly silent (score 0.01/avg), and two active.
  const std::vector<std::vector<double>> units = {
      {0, 0, 0, 0, 0}, {0.01, -0.01, 0, 0.01, 0}, {1, -2, 0.5, 1, 0}, {0.5, 0.5, -0.5, 2, 1}};
  Eigen::MatrixXd h(4, 5);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j) h(i, j) = units[i][j];
  for (const double tau : {0.0, 0.025, 0.5, 1.0}) {
    const int want = reference::dormant_units(units, tau);
    EXPECT_EQ(dormant_units<double>(h, tau), want) << tau;
    EXPECT_EQ(dormant_units<float>(h.cast<float>(), tau), want) << tau;
  }
  EXPECT_EQ(dormant_units<double>(h, 0.0), 1);    // only the silent unit
  EXPECT_EQ(dormant_units<double>(h, 0.025), 2);  // and the nearly silent one
  EXPECT_EQ(dormant_units<double>(h, 1.0), 2);    // scores 0, 0.0165, 1.87, 2.11
  EXPECT_EQ(dormant_units<double>(Eigen::MatrixXd::Zero(3, 4), 0.0), 3);
}

// A one-hidden-layer ReLU network on four Gaussian classes, measured every 100 steps.
json relu_run() {
  json j = json::parse(R"({"schema": 1, "seed": 4, "steps": 300, "eval_every": 100,
    "problem": {"kind": "dataset", "name": "gaussian_classes", "n": 120, "dim": 5,
                "classes": 4, "test_fraction": 0.25},
    "model": {"hidden": [16], "activation": "relu"},
    "optimizer": {"name": "sgd", "lr": 5.0}})");
  j["diagnostics"] = {{"every", 100}, {"plasticity", true}, {"dormant_tau", 0.0}, {"stats", true}};
  return j;
}

TEST(Plasticity, ColumnsOfARunInBothPrecisions) {
  for (const char* precision : {"float32", "float64"}) {
    json j = relu_run();
    j["precision"] = precision;
    int measured = 0;
    double dormant_seen = 0.0;
    for (const MetricRow& row : test_run::run_rows(j)) {
      if (std::isnan(row.feature_rank)) continue;
      ++measured;
      EXPECT_EQ(static_cast<int>(row.step) % 100, 0);
      // tau = 0: the dormant units are the units silent on every probe example.
      EXPECT_DOUBLE_EQ(row.dormant_fraction, row.dead_relu) << precision;
      dormant_seen = std::max(dormant_seen, row.dormant_fraction);
      EXPECT_GE(row.feature_rank, 1.0);
      EXPECT_LE(row.feature_rank, 16.0);
    }
    EXPECT_EQ(measured, 3) << precision;
    // lr 5 silences a quarter of the units: the comparison is not between two zeros.
    EXPECT_GT(dormant_seen, 0.0) << precision;
  }
}

TEST(Plasticity, ColumnsStayEmptyWithoutAHiddenLayerOrWhenOff) {
  json linear = relu_run();
  linear["model"]["hidden"] = json::array();
  json off = relu_run();
  off["diagnostics"]["plasticity"] = false;
  for (const json& j : {linear, off}) {
    for (const MetricRow& row : test_run::run_rows(j)) {
      EXPECT_TRUE(std::isnan(row.dormant_fraction)) << j.dump();
      EXPECT_TRUE(std::isnan(row.feature_rank)) << j.dump();
    }
  }
}

}  // namespace
}  // namespace descent
