// Neural-collapse metrics (diagnostics/neural_collapse.h) against the plain implementation of
// the paper's formulas (tests/reference/diagnostics/neural_collapse.h) in float32 and float64,
// a closed-form case, the defining property (collapsed features score 0, scrambled ones do
// not), and the metric columns of runs: the network's own last hidden layer recomputed here by
// a plain forward pass, both precisions, and no values (never an error) where the run is no
// classification network.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <vector>

#include "core/rng.h"
#include "diagnostics/neural_collapse.h"
#include "problems/datasets/dataset.h"
#include "run/network_problem.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/diagnostics/neural_collapse.h"

namespace descent {
namespace {

using nlohmann::json;
using reference::Matrix;

// Features of n examples in d dimensions (one row each), class means drawn at random and
// within-class noise of the given scale; labels cycle through the classes, with the first
// class given extra examples so that the classes are unbalanced.
struct Sample {
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  Matrix classifier;  // classes x d
};

Sample sample(int n, int d, int classes, double noise, std::uint32_t seed) {
  Rng rng(seed, Stream::Init);
  Sample s;
  std::vector<std::vector<double>> centres(classes, std::vector<double>(d));
  for (auto& c : centres)
    for (double& v : c) v = rng.normal();
  for (int i = 0; i < n; ++i) {
    const int label = i % (classes + 1) == classes ? 0 : i % (classes + 1);
    std::vector<double> row(d);
    for (int k = 0; k < d; ++k) row[k] = centres[label][k] + noise * rng.normal();
    s.rows.push_back(row);
    s.labels.push_back(label);
  }
  s.classifier = Matrix(classes, d);
  for (double& v : s.classifier.a) v = rng.normal();
  return s;
}

template <class S>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> columns(
    const std::vector<std::vector<double>>& rows) {
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> h(rows[0].size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t k = 0; k < rows[i].size(); ++k) h(k, i) = static_cast<S>(rows[i][k]);
  return h;
}

template <class S>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> dense(const Matrix& m) {
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> out(m.rows, m.cols);
  for (int i = 0; i < m.rows; ++i)
    for (int j = 0; j < m.cols; ++j) out(i, j) = static_cast<S>(m(i, j));
  return out;
}

// The core's figures for a sample, in precision S, and the reference's on the same values
// (the float32 rounding of the sample for S = float).
template <class S>
void expect_matches_reference(const Sample& s, int classes, double tol) {
  Sample rounded = s;
  for (auto& row : rounded.rows)
    for (double& v : row) v = static_cast<S>(v);
  for (double& v : rounded.classifier.a) v = static_cast<S>(v);
  const auto want =
      reference::neural_collapse(rounded.rows, rounded.labels, classes, rounded.classifier);
  const NeuralCollapse got =
      neural_collapse<S>(columns<S>(s.rows), s.labels.data(), classes, dense<S>(s.classifier));
  EXPECT_NEAR(got.nc1, want.nc1, tol * want.nc1);
  EXPECT_NEAR(got.equinorm, want.equinorm, tol * want.equinorm);
  EXPECT_NEAR(got.equiangularity, want.equiangularity, tol * want.equiangularity);
  EXPECT_NEAR(got.self_duality, want.self_duality, tol * want.self_duality);
}

TEST(NeuralCollapse, MatchesThePlainFormulasInBothPrecisions) {
  // d > C: Sigma_B has rank C - 1 and a null space of d - C + 1.
  const Sample wide = sample(53, 7, 4, 0.6, 1);
  expect_matches_reference<double>(wide, 4, 1e-9);
  expect_matches_reference<float>(wide, 4, 1e-9);
  // d < C - 1: the class means span all d dimensions; Sigma_B is invertible.
  const Sample narrow = sample(61, 3, 6, 0.3, 2);
  expect_matches_reference<double>(narrow, 6, 1e-9);
  expect_matches_reference<float>(narrow, 6, 1e-9);
}

TEST(NeuralCollapse, ClosedFormOfThreeClassesOnASimplex) {
  // Unit class means at 120 degrees in the plane (mu_G = 0, Sigma_B = I/2, Sigma_B^+ = 2 I),
  // each class two points mu_c +- eps e_1 (Sigma_W = eps^2 e_1 e_1^T): NC1 = 2 eps^2 / 3.
  const double eps = 0.1;
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int c = 0; c < 3; ++c) {
    const double angle = 2.0 * 3.14159265358979323846 * c / 3.0;
    for (double sign : {-1.0, 1.0}) {
      rows.push_back({std::cos(angle) + sign * eps, std::sin(angle)});
      labels.push_back(c);
    }
  }
  const Eigen::MatrixXd w = Eigen::MatrixXd::Identity(3, 2);
  const NeuralCollapse nc = neural_collapse<double>(columns<double>(rows), labels.data(), 3, w);
  EXPECT_NEAR(nc.nc1, 2.0 * eps * eps / 3.0, 1e-14);
  EXPECT_NEAR(nc.equinorm, 0.0, 1e-14);
  EXPECT_NEAR(nc.equiangularity, 0.0, 1e-14);
}

// Perfectly collapsed features: every example sits at its class mean, and the centred means
// form a simplex equiangular tight frame (e_c - 1/C, scaled and rotated into d dimensions);
// the classifier rows are those means. Labels cycle through the classes.
template <class S>
struct Collapsed {
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> h, w;
  std::vector<int> labels;
};

template <class S>
Collapsed<S> collapsed(int n, int d, int classes) {
  Rng rng(7, Stream::Init);
  const Eigen::MatrixXd rotation = Eigen::MatrixXd::NullaryExpr(d, d, [&] { return rng.normal(); })
                                       .householderQr()
                                       .householderQ();
  Eigen::MatrixXd simplex = Eigen::MatrixXd::Zero(d, classes);
  for (int c = 0; c < classes; ++c) {
    for (int k = 0; k < classes; ++k) simplex(k, c) = (k == c ? 1.0 : 0.0) - 1.0 / classes;
  }
  const Eigen::MatrixXd means = 3.0 * rotation * simplex;
  Collapsed<S> out;
  out.h.resize(d, n);
  for (int i = 0; i < n; ++i) {
    out.labels.push_back(i % classes);
    out.h.col(i) = means.col(i % classes).cast<S>();
  }
  out.w = (0.5 * means.transpose()).cast<S>();
  return out;
}

template <class S>
void expect_collapse_scores_zero(double tol) {
  const int classes = 5;
  const Collapsed<S> f = collapsed<S>(40, 8, classes);
  const NeuralCollapse nc = neural_collapse<S>(f.h, f.labels.data(), classes, f.w);
  // In float32 the class means are exact (identical float values summed in double and
  // divided by their count), so Sigma_W = 0 exactly; in double, to rounding.
  if (std::is_same_v<S, float>) {
    EXPECT_EQ(nc.nc1, 0.0);
  } else {
    EXPECT_LE(nc.nc1, tol * tol);
  }
  EXPECT_LE(nc.equinorm, tol);
  EXPECT_LE(nc.equiangularity, tol);  // every cosine is the simplex's -1/(C-1)
  EXPECT_LE(nc.self_duality, tol * tol);
  // The same features with labels scrambled: the class means move towards the global mean
  // and the classes overlap.
  std::vector<int> scrambled = f.labels;
  Rng rng(3, Stream::Init);
  rng.shuffle(scrambled);
  const NeuralCollapse off = neural_collapse<S>(f.h, scrambled.data(), classes, f.w);
  EXPECT_GT(off.nc1, 1.0);
  EXPECT_GT(off.equiangularity, 0.05);
  EXPECT_GT(off.self_duality, 0.05);
}

TEST(NeuralCollapse, CollapsedFeaturesScoreZeroAndScrambledOnesDoNot) {
  expect_collapse_scores_zero<double>(1e-13);
  expect_collapse_scores_zero<float>(1e-6);
}

TEST(NeuralCollapse, UndefinedWithoutTwoDistinctClasses) {
  const Collapsed<double> f = collapsed<double>(10, 4, 2);
  const std::vector<int> one_class(10, 1);
  EXPECT_TRUE(std::isnan(neural_collapse<double>(f.h, one_class.data(), 2, f.w).nc1));
  // A single-output (logistic) classifier has no row per class: no NC3, the rest defined.
  const NeuralCollapse logistic =
      neural_collapse<double>(f.h, f.labels.data(), 2, Eigen::MatrixXd::Ones(1, 4));
  EXPECT_LE(logistic.nc1, 1e-26);  // collapsed, to double rounding
  EXPECT_TRUE(std::isnan(logistic.self_duality));
}

// A one-hidden-layer tanh network on four Gaussian classes, measured every 100 steps.
json network_run() {
  return {{"schema", 1},
          {"seed", 3},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 120},
            {"dim", 5},
            {"classes", 4},
            {"noise", 0.8},
            {"test_fraction", 0.25}}},
          {"model", {{"hidden", {12}}, {"activation", "tanh"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.5}}},
          {"batch_size", 0},
          {"eval_every", 100},
          {"diagnostics", {{"every", 100}, {"neural_collapse", true}}},
          {"steps", 300}};
}

// The run's last row against the reference on features from a plain forward pass (layer 1:
// weight 12 x 5 column-major, then bias; layer 2 weight 4 x 12) of its final parameters.
void expect_run_matches_reference(const json& j, double tol) {
  Run run(test_run::config_of(j));
  run.step(300);
  const std::vector<MetricRow> rows = run.take_metrics();
  const MetricRow& last = rows.back();
  const Dataset& data = dynamic_cast<NetworkProblem&>(run.problem()).data();
  const ConstVecRef p = run.params();
  const int in = 5, width = 12, classes = 4;
  std::vector<std::vector<double>> features;
  for (int i = 0; i < data.n_train(); ++i) {
    std::vector<double> h(width);
    for (int u = 0; u < width; ++u) {
      double z = p[width * in + u];
      for (int k = 0; k < in; ++k) z += p[u + k * width] * data.x_train(k, i);
      h[u] = std::tanh(z);
    }
    features.push_back(h);
  }
  const int w2 = width * in + width;
  const Matrix w =
      reference::read_tensor(zoo::Params(p.data(), p.data() + p.size()), w2, classes, width);
  const auto want = reference::neural_collapse(features, data.label_train, classes, w);
  EXPECT_NEAR(last.nc1, want.nc1, tol * want.nc1);
  EXPECT_NEAR(last.nc2_equinorm, want.equinorm, tol * want.equinorm);
  EXPECT_NEAR(last.nc2_equiangularity, want.equiangularity, tol * want.equiangularity);
  EXPECT_NEAR(last.nc3_self_duality, want.self_duality, tol * want.self_duality);
  int measured = 0;
  for (const MetricRow& row : rows) {
    if (std::isnan(row.nc1)) continue;
    ++measured;
    EXPECT_EQ(static_cast<int>(row.step) % 100, 0);
  }
  EXPECT_EQ(measured, 3);
}

TEST(NeuralCollapse, ColumnsOfARunMeasureItsLastHiddenLayer) {
  json j = network_run();
  // float32 features against double ones: rounding of the forward pass only.
  expect_run_matches_reference(j, 1e-4);
  // float64: the master weights' features, against their float32 rounding here.
  j["precision"] = "float64";
  expect_run_matches_reference(j, 1e-4);
}

TEST(NeuralCollapse, ColumnsStayEmptyWhereThereIsNoClassifierFeature) {
  json linear = network_run();
  linear["model"]["hidden"] = json::array();
  json regression = network_run();
  regression["problem"] = {{"kind", "dataset"}, {"name", "sine"}};
  regression["model"]["loss"] = "mse";
  json function = {{"schema", 1},
                   {"problem", {{"kind", "function"}, {"name", "rosenbrock"}}},
                   {"optimizer", {{"name", "sgd"}, {"lr", 0.001}}},
                   {"diagnostics", {{"every", 10}, {"neural_collapse", true}}},
                   {"steps", 20}};
  for (const json& j : {linear, regression, function}) {
    for (const MetricRow& row : test_run::run_rows(j)) {
      EXPECT_TRUE(std::isnan(row.nc1)) << j.dump();
      EXPECT_TRUE(std::isnan(row.nc3_self_duality)) << j.dump();
    }
  }
}

}  // namespace
}  // namespace descent
