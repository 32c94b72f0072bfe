// The max-margin (hard-margin SVM) solver behind the margin_angle metric: known answers,
// non-separable data, optimality on separable data checked against perturbed directions (no
// direction nearby has a larger minimum margin), and the metric column of a run.
#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"
#include "diagnostics/max_margin.h"
#include "problems/datasets/dataset.h"
#include "run/config.h"
#include "run/run.h"

namespace descent {
namespace {

using nlohmann::json;

Eigen::MatrixXd points(std::initializer_list<std::initializer_list<double>> cols) {
  Eigen::MatrixXd z(static_cast<Eigen::Index>(cols.begin()->size()),
                    static_cast<Eigen::Index>(cols.size()));
  Eigen::Index j = 0;
  for (const auto& c : cols) {
    Eigen::Index i = 0;
    for (double v : c) z(i++, j) = v;
    ++j;
  }
  return z;
}

double min_margin(const Eigen::MatrixXd& z, const std::vector<int>& s, const Eigen::VectorXd& u) {
  double m = INFINITY;
  for (Eigen::Index i = 0; i < z.cols(); ++i) {
    m = std::min(m, s[static_cast<std::size_t>(i)] * u.dot(z.col(i)) / u.norm());
  }
  return m;
}

TEST(MaxMargin, SymmetricPairWithBias) {
  // (x, 0, 1) with x = +-1: w = (1, 0, 0), margin 1; the bias coordinate is 0.
  const MaxMargin mm = max_margin_direction(points({{1, 0, 1}, {-1, 0, 1}}), {1, -1});
  ASSERT_TRUE(mm.separable);
  EXPECT_NEAR(mm.direction[0], 1.0, 1e-9);
  EXPECT_NEAR(mm.direction[1], 0.0, 1e-9);
  EXPECT_NEAR(mm.direction[2], 0.0, 1e-9);
  EXPECT_NEAR(mm.margin, 1.0, 1e-9);
}

TEST(MaxMargin, ShiftedPairPenalisesTheBiasToo) {
  // x = 2 (+) and x = 0 (-): min w^2 + b^2 s.t. 2w + b >= 1, -b >= 1 gives w = 1, b = -1.
  const MaxMargin mm = max_margin_direction(points({{2, 1}, {0, 1}}), {1, -1});
  ASSERT_TRUE(mm.separable);
  EXPECT_NEAR(mm.direction[0], 1.0 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(mm.direction[1], -1.0 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(mm.margin, 1.0 / std::sqrt(2.0), 1e-9);
}

TEST(MaxMargin, PointsBeyondTheSupportVectorsChangeNothing) {
  const MaxMargin mm = max_margin_direction(
      points({{1, 0, 1}, {3, 1, 1}, {-1, 0, 1}, {-2, -1, 1}, {4, -2, 1}}), {1, 1, -1, -1, 1});
  ASSERT_TRUE(mm.separable);
  EXPECT_NEAR(mm.direction[0], 1.0, 1e-9);
  EXPECT_NEAR(mm.margin, 1.0, 1e-9);
}

TEST(MaxMargin, XorIsNotSeparable) {
  const MaxMargin mm = max_margin_direction(
      points({{1, 1, 1}, {-1, -1, 1}, {1, -1, 1}, {-1, 1, 1}}), {1, 1, -1, -1});
  EXPECT_FALSE(mm.separable);
  EXPECT_EQ(mm.direction.size(), 0);
}

// The "separable" data set of n points (all for training) drawn from `seed`, as the solver
// takes it: columns (x1, x2, 1) and signs +-1.
struct SignedPoints {
  Eigen::MatrixXd z;
  std::vector<int> s;
};

SignedPoints separable_points(int n, std::uint32_t seed) {
  ParamValues given;
  given.numbers["n"] = n;
  given.numbers["test_fraction"] = 0.0;
  const DatasetInfo* info = find_dataset("separable");
  Rng data_rng(seed, Stream::Data);
  const Dataset d = info->make(with_defaults(info->params, given), data_rng);
  SignedPoints p;
  p.z.resize(3, d.n_train());
  p.z.topRows(2) = d.x_train.cast<double>();
  p.z.row(2).setOnes();
  for (int label : d.label_train) p.s.push_back(label == 1 ? 1 : -1);
  return p;
}

// The "separable" data set: the solver's direction has the largest minimum margin among 2000
// random nearby directions, and at least the margin of the generating line (its normal with
// bias 0 is feasible, with margin >= the data set's gap).
TEST(MaxMargin, OptimalOnTheSeparableDataSet) {
  for (std::uint32_t seed : {0u, 1u, 2u}) {
    ASSERT_NE(find_dataset("separable"), nullptr);
    const SignedPoints sp = separable_points(60, seed);
    const Eigen::MatrixXd& z = sp.z;
    const std::vector<int>& s = sp.s;
    const MaxMargin mm = max_margin_direction(z, s);
    ASSERT_TRUE(mm.separable) << "seed " << seed;
    EXPECT_NEAR(mm.margin, min_margin(z, s, mm.direction), 1e-12);
    const double a = 60.0 * 3.14159265358979323846 / 180.0;
    EXPECT_GE(mm.margin, min_margin(z, s, Eigen::Vector3d(std::cos(a), std::sin(a), 0.0)) - 1e-9);
    EXPECT_GE(mm.margin, 0.05 - 1e-6);  // float32 points: the gap up to rounding
    Rng rng(seed, Stream::Probe);
    for (int k = 0; k < 2000; ++k) {
      const double scale = std::pow(10.0, -3.0 + 2.0 * rng.uniform());
      const Eigen::Vector3d step(rng.normal(), rng.normal(), rng.normal());
      const Eigen::VectorXd other = mm.direction + scale * step;
      ASSERT_LE(min_margin(z, s, other), mm.margin + 1e-9) << "seed " << seed << " probe " << k;
    }
  }
}

TEST(MaxMargin, AngleDegrees) {
  EXPECT_NEAR(angle_degrees(Eigen::Vector2d(1, 1), Eigen::Vector2d(1, 0)), 45.0, 1e-12);
  EXPECT_NEAR(angle_degrees(Eigen::Vector2d(-2, 0), Eigen::Vector2d(1, 0)), 180.0, 1e-12);
  EXPECT_NEAR(angle_degrees(Eigen::Vector2d(1, 1e-9), Eigen::Vector2d(1, 0)), 1e-9 * 180 / M_PI,
              1e-20);  // small angles stay accurate
  EXPECT_TRUE(std::isnan(angle_degrees(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 0))));
}

json logistic_config(json hidden, const char* data = "separable", const char* loss = "logistic") {
  return {{"schema", 1},
          {"seed", 4},
          {"problem", {{"kind", "dataset"}, {"name", data}, {"n", 40}, {"test_fraction", 0}}},
          {"model", {{"hidden", hidden}, {"loss", loss}, {"init_gain", 0.0}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 4.0}}},
          {"batch_size", 0},
          {"steps", 400},
          {"eval_every", 50}};
}

std::vector<MetricRow> run_rows(const json& j, descent::Run** keep = nullptr) {
  static std::unique_ptr<descent::Run> last;
  ParsedConfig parsed = validate_config_text(j.dump());
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.errors[0].message);
  last = std::make_unique<descent::Run>(*parsed.config);
  std::vector<MetricRow> rows;
  while (last->status() == RunStatus::Running) {
    last->step(100);
    for (const auto& r : last->take_metrics()) rows.push_back(r);
  }
  if (keep) *keep = last.get();
  return rows;
}

// margin_angle is the angle between the run's (w, b) and the max-margin direction of its
// training set; it shrinks under gradient descent (Soudry et al.); NaN where undefined.
TEST(MaxMargin, MarginAngleColumnOfALinearLogisticRun) {
  descent::Run* run = nullptr;
  const auto rows = run_rows(logistic_config(json::array()), &run);
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_TRUE(std::isnan(rows.front().margin_angle));  // zero weights: no direction yet
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_TRUE(std::isfinite(rows[i].margin_angle));
  EXPECT_LT(rows.back().margin_angle, rows[1].margin_angle);
  // Recompute from the final parameters and an independently built copy of the data.
  const SignedPoints sp = separable_points(40, 4);
  const MaxMargin mm = max_margin_direction(sp.z, sp.s);
  const Eigen::Vector3d wb = run->params().cast<double>();
  EXPECT_NEAR(rows.back().margin_angle, angle_degrees(wb, mm.direction), 1e-9);
  // Not defined: a hidden layer, a softmax pair of outputs, non-separable data.
  for (const json& j :
       {logistic_config({4}), logistic_config(json::array(), "separable", "cross_entropy"),
        logistic_config(json::array(), "xor")}) {
    for (const auto& r : run_rows(j)) EXPECT_TRUE(std::isnan(r.margin_angle)) << j.dump();
  }
}

}  // namespace
}  // namespace descent
