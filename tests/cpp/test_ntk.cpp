// The empirical NTK (diagnostics/ntk.h): the kernel from exact vector-Jacobian products
// against the plain finite-difference reference (tests/reference/diagnostics/ntk.h) in double
// and float32, with an output scale != 1 and frozen parameters; the distance and the alignment
// by hand on 2 x 2 kernels; the columns of runs (0 distance at the initial kernel, both
// precisions, NaN where there is no network); the ntk_examples field's range; and the
// behaviour that defines lazy training: a large output scale keeps the kernel near its
// initial value, a small one moves it toward the labels.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/rng.h"
#include "diagnostics/ntk.h"
#include "nn/mlp.h"
#include "run/config.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/diagnostics/ntk.h"

namespace descent {
namespace {

using nlohmann::json;

struct Net {
  ModelSpec spec;
  int in = 3, out = 3, n = 5;
  Eigen::MatrixXd x;
  Eigen::VectorXd params;
  std::vector<int> labels = {0, 2, 1, 1, 0};
};

Net small_net(double output_scale) {
  Net net;
  net.spec.hidden = {6, 4};
  net.spec.activation = Activation::Tanh;
  net.spec.output_scale = output_scale;
  BasicMlp<double> mlp(net.in, net.out, net.spec);
  Rng rng(5, Stream::Init);
  net.params.resize(mlp.num_params());
  mlp.init_params(net.params, rng);
  for (Eigen::Index i = 0; i < net.params.size(); ++i) net.params[i] += 0.1 * rng.normal();
  net.x.resize(net.in, net.n);
  for (Eigen::Index i = 0; i < net.x.size(); ++i) net.x.data()[i] = rng.normal();
  return net;
}

reference::Kernel reference_kernel(const Net& net) {
  BasicMlp<double> mlp(net.in, net.out, net.spec);
  const reference::Outputs outputs = [&](const std::vector<double>& p) {
    Eigen::MatrixXd out;
    mlp.forward(Eigen::Map<const Eigen::VectorXd>(p.data(), static_cast<Eigen::Index>(p.size())),
                net.x, out);
    return std::vector<double>(out.data(), out.data() + out.size());
  };
  const std::vector<double> p(net.params.data(), net.params.data() + net.params.size());
  return reference::ntk_by_differences(outputs, p, net.n, net.out, 1e-4);
}

double max_relative_error(const Eigen::MatrixXd& k, const reference::Kernel& want) {
  double scale = 0.0, err = 0.0;
  for (int i = 0; i < k.rows(); ++i) {
    for (int j = 0; j < k.cols(); ++j) {
      scale = std::max(scale, std::abs(want[i][j]));
      err = std::max(err, std::abs(k(i, j) - want[i][j]));
    }
  }
  return err / scale;
}

TEST(EmpiricalNtk, KernelMatchesFiniteDifferencesInBothPrecisions) {
  for (double alpha : {1.0, 3.0, 0.25}) {
    SCOPED_TRACE(alpha);
    const Net net = small_net(alpha);
    const reference::Kernel want = reference_kernel(net);
    BasicMlp<double> mlp64(net.in, net.out, net.spec);
    Eigen::MatrixXd k64;
    empirical_ntk<double>(mlp64, net.params, net.x, net.n, 0, k64);
    EXPECT_LT(max_relative_error(k64, want), 1e-8);
    // alpha scales every Jacobian row, so the kernel by alpha^2: a missed scale fails here.
    EXPECT_GT(want[0][0], 0.0);
    BasicMlp<float> mlp32(net.in, net.out, net.spec);
    const Eigen::VectorXf p32 = net.params.cast<float>();
    const Eigen::MatrixXf x32 = net.x.cast<float>();
    Eigen::MatrixXd k32;
    empirical_ntk<float>(mlp32, p32, x32, net.n, 0, k32);
    EXPECT_LT(max_relative_error(k32, want), 1e-4);
    // The figures from the core's kernel against the reference's formulas on its own.
    EXPECT_NEAR(ntk_alignment(k64, centred_one_hot(net.labels.data(), net.n, net.out)),
                reference::kernel_alignment(want, net.labels, net.out), 1e-8);
  }
}

TEST(EmpiricalNtk, FrozenParametersDoNotCount) {
  const Net net = small_net(1.0);
  BasicMlp<double> mlp(net.in, net.out, net.spec);
  Eigen::MatrixXd all, head_frozen;
  empirical_ntk<double>(mlp, net.params, net.x, 3, 0, all);
  empirical_ntk<double>(mlp, net.params, net.x, 3, 6 * 3 + 6, head_frozen);  // layer 1
  EXPECT_EQ(all.rows(), 3);
  EXPECT_LT(head_frozen(0, 0), all(0, 0));
  EXPECT_GT(head_frozen(0, 0), 0.0);
}

TEST(EmpiricalNtk, DistanceAndAlignmentByHand) {
  Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(2, 2);
  Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(2, 2);
  // <I, 11^T> = 2, |I| = sqrt 2, |11^T| = 2: cosine 1/sqrt 2.
  EXPECT_NEAR(ntk_distance(identity, ones), 1.0 - 1.0 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(ntk_distance(ones, 3.0 * ones), 0.0, 1e-15);  // the scale does not count
  // Labels {0, 1}: Y = [[.5, -.5], [-.5, .5]], Y Y^T = [[.5, -.5], [-.5, .5]], |Y Y^T| = 1;
  // K = [[2, 1], [1, 2]]: <K, Y Y^T> = 1 - 1 + 1 = 1 and |K| = sqrt 10.
  const int labels[] = {0, 1};
  const Eigen::MatrixXd y = centred_one_hot(labels, 2, 2);
  EXPECT_DOUBLE_EQ(y(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(y(1, 0), -0.5);
  Eigen::MatrixXd k(2, 2);
  k << 2, 1, 1, 2;
  EXPECT_NEAR(ntk_alignment(k, y), 1.0 / std::sqrt(10.0), 1e-15);
  // The constant kernel sees nothing of the labels once they are centred.
  EXPECT_NEAR(ntk_alignment(ones, y), 0.0, 1e-15);
  EXPECT_TRUE(std::isnan(ntk_alignment(Eigen::MatrixXd::Zero(2, 2), y)));
}

// Two Gaussian classes, a tanh network with the given output scale, full-batch SGD at
// lr / alpha^2 (the output moves at the same speed whatever alpha), the NTK every 100 steps.
json ntk_run(double alpha, int every = 100) {
  return {{"schema", 1},
          {"seed", 4},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 80},
            {"dim", 4},
            {"classes", 2},
            {"noise", 1.0},
            {"test_fraction", 0.25}}},
          {"model", {{"hidden", {32}}, {"activation", "tanh"}, {"output_scale", alpha}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.5 / (alpha * alpha)}}},
          {"batch_size", 0},
          {"eval_every", every},
          {"diagnostics", {{"every", every}, {"probe_batch", 24}, {"ntk_examples", 16}}},
          {"steps", 400}};
}

std::vector<MetricRow> measured(const json& j) {
  std::vector<MetricRow> out;
  for (const MetricRow& r : test_run::run_rows(j)) {
    if (!std::isnan(r.ntk_distance)) out.push_back(r);
  }
  return out;
}

TEST(EmpiricalNtk, ColumnsOfRunsInBothPrecisions) {
  json j = ntk_run(1.0);
  j["diagnostics"]["every"] = 1;
  j["steps"] = 3;
  const std::vector<MetricRow> f32 = measured(j);
  ASSERT_EQ(f32.size(), 3U);
  // One SGD step from the initial weights: the kernel has barely moved.
  EXPECT_GE(f32[0].ntk_distance, 0.0);
  EXPECT_LT(f32[0].ntk_distance, 1e-2);
  EXPECT_GT(f32[0].ntk_alignment, 0.0);
  j["precision"] = "float64";
  const std::vector<MetricRow> f64 = measured(j);
  ASSERT_EQ(f64.size(), 3U);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(f64[i].ntk_alignment, f32[i].ntk_alignment, 1e-4);
    EXPECT_NEAR(f64[i].ntk_distance, f32[i].ntk_distance, 1e-4);
  }
  // Without a network, or with the NTK off: no values, never an error.
  json function = {{"schema", 1},
                   {"problem", {{"kind", "function"}, {"name", "rosenbrock"}}},
                   {"optimizer", {{"name", "sgd"}, {"lr", 0.001}}},
                   {"diagnostics", {{"every", 10}, {"ntk_examples", 8}}},
                   {"steps", 20}};
  json off = ntk_run(1.0);
  off["diagnostics"].erase("ntk_examples");
  for (const json& none : {function, off}) {
    for (const MetricRow& r : test_run::run_rows(none)) {
      EXPECT_TRUE(std::isnan(r.ntk_distance));
      EXPECT_TRUE(std::isnan(r.ntk_alignment));
    }
  }
}

// Lazy against rich (Chizat, Oyallon, Bach, 2019): at alpha = 10 the kernel stays where it
// started; at alpha = 0.5 it moves, and toward the labels.
TEST(EmpiricalNtk, LargeOutputScaleKeepsTheKernelSmallOneMovesIt) {
  const std::vector<MetricRow> lazy = measured(ntk_run(10.0));
  const std::vector<MetricRow> rich = measured(ntk_run(0.5));
  ASSERT_EQ(lazy.size(), 4U);
  ASSERT_EQ(rich.size(), 4U);
  EXPECT_LT(lazy.back().ntk_distance, 0.01);
  EXPECT_GT(rich.back().ntk_distance, 10 * lazy.back().ntk_distance);
  EXPECT_GT(rich.back().ntk_alignment, rich.front().ntk_alignment);
  std::printf("[          ] distance lazy %.3g rich %.3g; alignment rich %.3g -> %.3g\n",
              lazy.back().ntk_distance, rich.back().ntk_distance, rich.front().ntk_alignment,
              rich.back().ntk_alignment);
}

TEST(EmpiricalNtk, FieldsOutOfRangeNameTheirField) {
  for (const auto& [path, value] :
       std::vector<std::pair<std::string, double>>{{"ntk_examples", 65},
                                                   {"ntk_examples", -1},
                                                   {"output_scale", 0},
                                                   {"output_scale", 2e3}}) {
    json j = ntk_run(1.0);
    const bool model = path == "output_scale";
    (model ? j["model"] : j["diagnostics"])[path] = value;
    const ParsedConfig parsed = parse_config(j);
    ASSERT_FALSE(parsed.ok()) << path << " = " << value;
    EXPECT_EQ(parsed.errors[0].field, (model ? "model." : "diagnostics.") + path);
  }
}

}  // namespace
}  // namespace descent
