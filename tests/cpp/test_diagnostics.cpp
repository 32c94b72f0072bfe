// The phenomena lab's diagnostics: Lanczos and Hutchinson against exact spectra, filter-
// normalised directions, the interpolation line, and the diagnostics inside runs.
#include <gtest/gtest.h>

// GCC 12 reports a false -Wmaybe-uninitialized inside Eigen's self-adjoint products, which
// the exact reference spectra below instantiate.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Eigenvalues>
#pragma GCC diagnostic pop
#include <cmath>

#include "diagnostics/hutchinson.h"
#include "diagnostics/lanczos.h"
#include "diagnostics/landscape.h"
#include "diagnostics/landscape_request.h"
#include "nn/mlp.h"
#include "problems/functions/function2d.h"
#include "run/config.h"
#include "run/function_problem.h"
#include "run/run.h"
#include "tests/cpp/run_rows.h"

namespace descent {
namespace {

using nlohmann::json;

// Least squares 1/(2n) |X w - y|^2 (linear regression): the Hessian is X^T X / n exactly.
class LeastSquares final : public Objective {
 public:
  LeastSquares(int n, int d, Rng& rng) : x_(n, d), y_(n) {
    // Columns with different scales, so the spectrum is spread out.
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < d; ++j) x_(i, j) = rng.normal() * (1.0 + 0.3 * j);
      y_[i] = rng.normal();
    }
    hessian_ = x_.transpose() * x_ / n;
  }
  double value_and_grad(ConstVecRef w, VecRef g) override {
    Eigen::VectorXd r = x_ * w.cast<double>() - y_;
    g = (x_.transpose() * r / x_.rows()).cast<Scalar>();
    return 0.5 * r.squaredNorm() / x_.rows();
  }
  double value(ConstVecRef w) override {
    return 0.5 * (x_ * w.cast<double>() - y_).squaredNorm() / x_.rows();
  }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef, ConstVecRef v, VecRef out) override {
    out = (hessian_ * v.cast<double>()).cast<Scalar>();
  }
  const Eigen::MatrixXd& hessian() const { return hessian_; }

 private:
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_;
  Eigen::MatrixXd hessian_;
};

TEST(Lanczos, FindsTheExactEigenvaluesOfTwoDimensionalFunctions) {
  for (const char* name : {"quadratic", "rosenbrock", "beale", "himmelblau", "six_hump_camel"}) {
    const FunctionInfo* info = find_function(name);
    ParamValues params = with_defaults(info->params);
    FunctionProblem problem(info->make(params), {info->start.x(), info->start.y()});
    Vec x(2);
    problem.init_params(x);
    const Eigen::Matrix2d h = info->make(params)->hessian(x.cast<double>());
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> exact(h);
    Lanczos lanczos;
    lanczos.init(2, 20, 2);
    Rng rng(1, Stream::Probe);
    EXPECT_EQ(lanczos.run(problem, x, rng), 2);  // capped at the dimension
    const double scale = std::max(1.0, exact.eigenvalues().cwiseAbs().maxCoeff());
    EXPECT_NEAR(lanczos.eigenvalues()[0], exact.eigenvalues()[1], 1e-6 * scale) << name;
    EXPECT_NEAR(lanczos.eigenvalues()[1], exact.eigenvalues()[0], 1e-6 * scale) << name;
  }
}

TEST(Lanczos, FindsTheTopEigenvaluesOfLinearRegression) {
  Rng rng(5, Stream::Data);
  LeastSquares problem(200, 40, rng);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> exact(problem.hessian());
  Lanczos lanczos;
  lanczos.init(40, 25, 3);
  Rng probe(2, Stream::Probe);
  Vec w = Vec::Zero(40);
  EXPECT_EQ(lanczos.run(problem, w, probe), 25);
  for (int k = 0; k < 3; ++k) {
    const double truth = exact.eigenvalues()[39 - k];
    EXPECT_NEAR(lanczos.eigenvalues()[k], truth, 1e-5 * truth) << "eigenvalue " << k;
  }
  // The gradient's share in the top-3 eigenspace, against the exact eigenvectors.
  Vec g(40);
  problem.value_and_grad(w, g);
  const Eigen::MatrixXd top = exact.eigenvectors().rightCols(3);
  const double exact_fraction =
      (top.transpose() * g.cast<double>()).squaredNorm() / g.cast<double>().squaredNorm();
  EXPECT_NEAR(lanczos.fraction_in_top_space(g), exact_fraction, 1e-4);
}

TEST(Hutchinson, EstimatesTheTraceWithinItsStatedError) {
  Rng rng(6, Stream::Data);
  LeastSquares problem(100, 20, rng);
  const Eigen::MatrixXd& h = problem.hessian();
  const double trace = h.trace();
  const int probes = 400;
  // Rademacher variance per probe: 2 (|H|_F^2 - sum_i H_ii^2).
  const double theory_error =
      std::sqrt(2.0 * (h.squaredNorm() - h.diagonal().squaredNorm()) / probes);
  Hutchinson hutchinson;
  hutchinson.init(20);
  Rng probe(3, Stream::Probe);
  Vec w = Vec::Zero(20);
  EXPECT_EQ(hutchinson.run(problem, w, probes, probe), probes);
  EXPECT_NEAR(hutchinson.trace(), trace, 4.0 * theory_error);
  EXPECT_GT(hutchinson.standard_error(), 0.7 * theory_error);
  EXPECT_LT(hutchinson.standard_error(), 1.3 * theory_error);
  // A diagonal Hessian makes every Rademacher probe exact.
  FunctionProblem quadratic(
      find_function("quadratic")->make(with_defaults(find_function("quadratic")->params)),
      {1.0, 2.0});
  Vec x(2);
  quadratic.init_params(x);
  hutchinson.init(2);
  hutchinson.run(quadratic, x, 5, probe);
  EXPECT_NEAR(hutchinson.trace(), 1.0 + 0.1, 1e-6);
  EXPECT_NEAR(hutchinson.standard_error(), 0.0, 1e-6);
}

TEST(Landscape, FilterNormalisedDirectionsMatchTheWeightsFilterByFilter) {
  ModelSpec spec;
  spec.hidden = {7, 5};
  Mlp mlp(3, 4, spec);
  Vec w(mlp.num_params());
  Rng init(4, Stream::Init);
  mlp.init_params(w, init);
  w.array() += 0.01f;  // nonzero biases too: directions must still leave them alone
  Rng rng(4, Stream::Probe);
  const Vec d = filter_normalised_direction(mlp.layout(), w, rng);
  int filters = 0;
  for (const auto& t : mlp.layout().tensors) {
    if (t.role == TensorRole::Bias) {
      EXPECT_EQ(d.segment(t.offset, t.size()).norm(), 0.0f) << t.name;
      continue;
    }
    ASSERT_GT(t.cols, 1);
    for (int r = 0; r < t.rows; ++r, ++filters) {
      double dn = 0, wn = 0;
      for (int c = 0; c < t.cols; ++c) {
        dn += std::pow(d[t.offset + c * t.rows + r], 2);
        wn += std::pow(w[t.offset + c * t.rows + r], 2);
      }
      EXPECT_NEAR(std::sqrt(dn), std::sqrt(wn), 1e-5 * std::sqrt(wn)) << t.name << " row " << r;
    }
  }
  EXPECT_EQ(filters, 7 + 5 + 4);
}

json small_net(const std::string& optimizer, double lr, int seed) {
  return {{"schema", 1},
          {"seed", seed},
          {"problem", {{"kind", "dataset"}, {"name", "moons"}, {"n", 200}}},
          {"model", {{"hidden", {8}}, {"activation", "relu"}}},
          {"optimizer", {{"name", optimizer}, {"lr", lr}}},
          {"batch_size", 0},
          {"steps", 60},
          {"eval_every", 60}};
}

RunConfig parse(const json& j) {
  ParsedConfig parsed = parse_config(j);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.errors[0].message);
  return *parsed.config;
}

TEST(Landscape, TheLineBetweenTwoRunsReturnsBothLossesAtItsEnds) {
  descent::Run a(parse(small_net("adam", 0.01, 1)));
  descent::Run b(parse(small_net("sgd", 0.5, 1)));
  a.step(60);
  b.step(60);
  const double loss_a = a.take_metrics().back().loss;
  const double loss_b = b.take_metrics().back().loss;
  ASSERT_GT(std::abs(loss_a - loss_b), 1e-3);  // two different minima-in-progress
  const json line = interpolation_json(a, b, 31);
  ASSERT_FALSE(line.contains("error"));
  const auto& ts = line.at("t");
  const auto& loss = line.at("loss");
  int ends = 0;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (ts[i] == 0.0) {
      EXPECT_NEAR(loss[i].get<double>(), loss_a, 1e-6 * loss_a);
      ++ends;
    }
    if (ts[i] == 1.0) {
      EXPECT_NEAR(loss[i].get<double>(), loss_b, 1e-6 * loss_b);
      ++ends;
    }
  }
  EXPECT_EQ(ends, 2);
  // A 1-D slice passes through the run's own loss at alpha = 0.
  const json slice = landscape_json(a, {{"dims", 1}, {"points", 21}, {"range", 0.5}});
  EXPECT_NEAR(slice.at("loss")[10].get<double>(), loss_a, 1e-6 * loss_a);
  EXPECT_TRUE(landscape_json(a, {{"dims", 3}}).contains("error"));
}

TEST(Diagnostics, SharpnessColumnOfAQuadraticRunIsItsLargestCurvature) {
  json j = {{"schema", 1},
            {"problem", {{"kind", "function"}, {"name", "quadratic"}, {"condition_number", 20.0}}},
            {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}},
            {"diagnostics", {{"every", 5}, {"top_k", 2}, {"hutchinson_probes", 3}}},
            {"steps", 20}};
  descent::Run run(parse(j));
  run.step(20);
  int measured = 0;
  for (const auto& row : run.take_metrics()) {
    if (std::isnan(row.sharpness)) continue;
    ++measured;
    EXPECT_EQ(static_cast<int>(row.step) % 5, 0);
    EXPECT_NEAR(row.sharpness, 1.0, 1e-6);
    EXPECT_NEAR(row.hessian_trace, 1.05, 1e-6);
    EXPECT_EQ(row.diagnostic_hvps, 2 + 3);
    EXPECT_NEAR(row.top_k_grad_fraction, 1.0, 1e-6);  // two eigenvectors span the plane
  }
  EXPECT_EQ(measured, 4);
  const auto records = run.take_diagnostics();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_NEAR(records[0].eigenvalues[1], 0.05, 1e-6);
}

TEST(Diagnostics, StatsOfPlainGradientDescentOnANetwork) {
  json j = small_net("sgd", 0.05, 2);
  j["diagnostics"] = {{"every", 10}, {"stats", true}};
  descent::Run run(parse(j));
  run.step(60);
  int measured = 0;
  for (const auto& row : run.take_metrics()) {
    if (std::isnan(row.update_grad_cosine)) continue;
    ++measured;
    EXPECT_NEAR(row.update_grad_cosine, 1.0, 1e-6);  // the update is -lr g
    EXPECT_GT(row.grad_cosine, 0.9);                 // full batch, small steps
    EXPECT_GE(row.dead_relu, 0.0);
    EXPECT_LE(row.dead_relu, 1.0);
    EXPECT_GT(row.logit_norm, 0.0);
    EXPECT_EQ(row.softmax_collapse, 0.0);  // nowhere near collapse
    EXPECT_NEAR(row.update_weight_ratio, row.update_norm / row.param_norm, 1e-6);
  }
  EXPECT_EQ(measured, 6);
  const auto records = run.take_diagnostics();
  ASSERT_EQ(records.size(), 6u);
  double counted = 0;
  for (double c : records.back().effective_lr_counts) counted += c;
  EXPECT_EQ(counted, run.problem().layout().size);
  EXPECT_EQ(records.back().layers.size(), run.problem().layout().tensors.size());
}

TEST(Diagnostics, ConfigErrorsNameTheField) {
  json j = small_net("sgd", 0.05, 2);
  j["diagnostics"] = {{"every", 10}, {"top_k", 11}};
  ParsedConfig parsed = parse_config(j);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "diagnostics.top_k");
  j["diagnostics"] = {{"every", 10}, {"sharpnes", true}};
  parsed = parse_config(j);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "diagnostics.sharpnes");
  j.erase("diagnostics");
  j["precision"] = "float16";
  parsed = parse_config(j);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "precision");
  // Normalised configs carry the section (round trip).
  j["precision"] = "float32";
  j["diagnostics"] = {{"every", 7}, {"stats", true}};
  const RunConfig c = parse(j);
  const json again = to_json(c);
  EXPECT_EQ(again.at("diagnostics").at("every"), 7);
  EXPECT_EQ(to_json(parse(again)), again);
}

using test_run::run_rows;

TEST(Float64, AgreesWithFloat32OnABenignRun) {
  json j = small_net("adam", 0.01, 4);
  j["eval_every"] = 10;
  const auto f32 = run_rows(j);
  j["precision"] = "float64";
  const auto f64 = run_rows(j);
  ASSERT_EQ(f32.size(), f64.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < f32.size(); ++i) {
    worst = std::max(worst, std::abs(f32[i].loss - f64[i].loss) / f64[i].loss);
    EXPECT_EQ(f32[i].accuracy, f64[i].accuracy) << "step " << f32[i].step;
  }
  // float32 rounding of the forward pass and the weights: about 1e-6 relative per step,
  // compounding over 60 Adam steps.
  EXPECT_LT(worst, 1e-4);
  EXPECT_GT(worst, 0.0);  // the modes really differ
}

// Adam grows the weights of a linear classifier on separable blobs quickly, so most logit gaps
// pass float32's collapse threshold (~17) within a few hundred steps.
json collapsing_classifier() {
  return {{"schema", 1},
          {"seed", 1},
          {"problem",
           {{"kind", "dataset"},
            {"name", "blobs"},
            {"n", 200},
            {"noise", 0.05},
            {"test_fraction", 0.0}}},
          {"model", {{"hidden", json::array()}}},
          {"optimizer", {{"name", "adam"}, {"lr", 3.0}}},
          {"batch_size", 0},
          {"steps", 400},
          {"eval_every", 400},
          {"diagnostics", {{"every", 400}, {"stats", true}}}};
}

TEST(Float64, DiffersFromFloat32WhereTheSoftmaxCollapses) {
  // Collapsed examples add exactly 0 to the float32 loss; float64 still counts them.
  json j = collapsing_classifier();
  const MetricRow f32 = run_rows(j).back();
  j["precision"] = "float64";
  const MetricRow f64 = run_rows(j).back();
  EXPECT_GE(f32.softmax_collapse, 0.9);  // measured 0.94
  EXPECT_GT(f32.loss, 0.0);
  // Measured 1.93; the benign run above agrees within 1e-4.
  EXPECT_GT(f64.loss / f32.loss, 1.5);
}

TEST(SoftmaxCollapse, StableMaxIsMeasuredOnItsOwnProbabilities) {
  // The run where softmax collapses (above), trained on StableMax instead: its probabilities
  // s(z_i) / sum s(z_k) grow linearly in the logit gap, so the same gaps leave every
  // example's float32 loss term positive: the column counts StableMax's own collapse, ~0 here.
  json j = collapsing_classifier();
  j["model"]["loss"] = "stablemax";
  const MetricRow row = run_rows(j).back();
  EXPECT_EQ(row.accuracy, 1.0);
  EXPECT_GT(row.loss, 0.0);
  EXPECT_LE(row.softmax_collapse, 0.05);
}

}  // namespace
}  // namespace descent
