// The Hessian eigenvalue density by stochastic Lanczos quadrature: a spectrum set by hand is
// reproduced node for node; on a small network its moments match a dense eigendecomposition
// in double within the Monte-Carlo error of the probes, its extreme Ritz values match the
// extreme eigenvalues, and each probe's quadrature matches the plain reference
// (tests/reference/spectral/slq.h); inside a run it is configured, validated and recorded.
#include <gtest/gtest.h>

// GCC 12 reports a false -Wmaybe-uninitialized inside Eigen's self-adjoint products.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Eigenvalues>
#pragma GCC diagnostic pop
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "diagnostics/record_json.h"
#include "diagnostics/spectral_density.h"
#include "gallery/demos/demos.h"
#include "gallery/measure.h"
#include "run/config.h"
#include "run/run.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/spectral/slq.h"

namespace descent {
namespace {

using nlohmann::json;
using test_run::config_of;

// f(w) = 1/2 sum_i d_i w_i^2: the Hessian is diag(d), a spectrum chosen by the test.
class DiagonalQuadratic final : public Objective {
 public:
  explicit DiagonalQuadratic(std::vector<double> d) : d_(std::move(d)) {}
  double value_and_grad(ConstVecRef w, VecRef g) override {
    double f = 0;
    for (std::size_t i = 0; i < d_.size(); ++i) {
      g[i] = static_cast<Scalar>(d_[i] * w[i]);
      f += 0.5 * d_[i] * w[i] * w[i];
    }
    return f;
  }
  double value(ConstVecRef w) override {
    Vec g(w.size());
    return value_and_grad(w, g);
  }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef, ConstVecRef v, VecRef out) override {
    for (std::size_t i = 0; i < d_.size(); ++i) out[i] = static_cast<Scalar>(d_[i] * v[i]);
  }

 private:
  std::vector<double> d_;
};

// Sum of weights per node, nodes merged within `tolerance`.
std::map<double, double> weight_per_node(const std::vector<double>& nodes,
                                         const std::vector<double>& weights, double tolerance) {
  std::map<double, double> out;
  for (std::size_t j = 0; j < nodes.size(); ++j) {
    if (weights[j] < 1e-12) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& kv) {
      return std::abs(kv.first - nodes[j]) < tolerance;
    });
    if (it == out.end()) {
      out[nodes[j]] = weights[j];
    } else {
      it->second += weights[j];
    }
  }
  return out;
}

TEST(SpectralDensity, ReproducesAKnownSpectrumNodeForNode) {
  // 20 eigenvalues at four values (multiplicities 3, 10, 5, 2). A Rademacher probe has equal
  // weight on every eigenvector of a diagonal matrix, so each probe's quadrature is exactly the
  // spectrum: four nodes with weights multiplicity / 20 (the Krylov space has dimension 4; the
  // Ritz values found after the breakdown carry no weight).
  std::vector<double> spectrum;
  const std::vector<std::pair<double, int>> values = {{-1.0, 3}, {0.5, 10}, {2.0, 5}, {7.0, 2}};
  for (const auto& [value, count] : values) spectrum.insert(spectrum.end(), count, value);
  DiagonalQuadratic objective(spectrum);
  for (int steps : {4, 8}) {
    SpectralDensity density;
    density.init(20, 3, steps, 100, 0.01);
    Rng rng(4, Stream::Probe);
    Vec w = Vec::Zero(20);
    EXPECT_EQ(density.run(objective, w, rng), 3 * steps);
    const auto found = weight_per_node(density.nodes(), density.weights(), 1e-5);
    ASSERT_EQ(found.size(), values.size()) << steps << " steps";
    auto it = found.begin();
    for (const auto& [value, count] : values) {
      EXPECT_NEAR(it->first, value, 1e-5) << steps << " steps";
      EXPECT_NEAR(it->second, count / 20.0, 1e-6) << "weight at " << value;
      ++it;
    }
  }
}

TEST(SpectralDensity, BroadenedDensityIntegratesToOneAroundItsNodes) {
  const std::vector<double> nodes = {-1.0, 0.0, 3.0}, weights = {0.2, 0.5, 0.3};
  const DensityGrid grid = broadened_density(nodes, weights, 400, 0.02);
  ASSERT_EQ(grid.edges.size(), 401u);
  ASSERT_EQ(grid.density.size(), 400u);
  const double sigma = 0.02 * 4.0;
  EXPECT_NEAR(grid.edges.front(), -1.0 - 5 * sigma, 1e-12);
  EXPECT_NEAR(grid.edges.back(), 3.0 + 5 * sigma, 1e-12);
  double mass = 0, mean = 0, peak = 0, at_peak = 0;
  for (std::size_t b = 0; b < grid.density.size(); ++b) {
    const double width = grid.edges[b + 1] - grid.edges[b];
    const double centre = 0.5 * (grid.edges[b] + grid.edges[b + 1]);
    mass += grid.density[b] * width;
    mean += grid.density[b] * width * centre;
    if (grid.density[b] > peak) {
      peak = grid.density[b];
      at_peak = centre;
    }
  }
  EXPECT_NEAR(mass, 1.0, 1e-6);
  EXPECT_NEAR(mean, 0.2 * -1.0 + 0.3 * 3.0, 1e-3);
  EXPECT_NEAR(at_peak, 0.0, 0.02);  // the heaviest node
  // A Gaussian of width sigma and mass 0.5 peaks at 0.5 / (sigma sqrt(2 pi)).
  EXPECT_NEAR(peak, 0.5 / (sigma * std::sqrt(2 * M_PI)), 0.02 * peak);
}

// A small trained network: its probe objective, weights and dense Hessian (columns from exact
// HVPs on unit vectors, symmetrised, in double).
struct SmallNetwork {
  descent::Run run;
  Eigen::MatrixXd hessian;
  explicit SmallNetwork(const json& config) : run(config_of(config)) {
    run.step(run.total_steps());
    const int n = run.problem().layout().size;
    Rng unused(0, Stream::Probe);
    Objective& objective = run.problem().probe_objective(0, unused);
    hessian.resize(n, n);
    Vec e = Vec::Zero(n), column(n);
    for (int i = 0; i < n; ++i) {
      e[i] = 1.0f;
      objective.hvp(run.params(), e, column);
      hessian.col(i) = column.cast<double>();
      e[i] = 0.0f;
    }
    hessian = (0.5 * (hessian + hessian.transpose())).eval();
  }
  Objective& objective() {
    Rng unused(0, Stream::Probe);
    return run.problem().probe_objective(0, unused);
  }
};

json network_config() {
  return {{"schema", 1},
          {"seed", 3},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 120},
            {"dim", 3},
            {"classes", 3},
            {"noise", 0.5}}},
          {"model", {{"hidden", {6}}, {"activation", "tanh"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.5}}},
          {"batch_size", 0},
          {"steps", 50},
          {"eval_every", 50}};
}

// Var(z^T A z) for a Rademacher z: 2 (|A|_F^2 - sum_i A_ii^2).
double rademacher_variance(const Eigen::MatrixXd& a) {
  return 2.0 * (a.squaredNorm() - a.diagonal().squaredNorm());
}

TEST(SpectralDensity, MomentsAndExtremesMatchADenseEigendecompositionOfANetworkHessian) {
  SmallNetwork net(network_config());
  const Eigen::MatrixXd& h = net.hessian;
  const int n = static_cast<int>(h.rows());
  ASSERT_GT(n, 40);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> exact(h);
  const Eigen::VectorXd& lambda = exact.eigenvalues();
  const Eigen::MatrixXd h2 = h * h;
  const int probes = 12;
  SpectralDensity density;
  density.init(n, probes, 30, 300, 0.01);
  Rng rng(7, Stream::Probe);
  EXPECT_EQ(density.run(net.objective(), net.run.params(), rng), probes * 30);
  double mass = 0, mean = 0, second = 0;
  for (std::size_t j = 0; j < density.nodes().size(); ++j) {
    const double w = density.weights()[j], t = density.nodes()[j];
    mass += w;
    mean += w * t;
    second += w * t * t;
  }
  EXPECT_NEAR(mass, 1.0, 1e-9);
  // Each probe's quadrature is exact for polynomials of degree < 2 m: its mean is z^T H z / n,
  // so the error is the probes' Monte-Carlo error (4 standard errors).
  const double mean_error = std::sqrt(rademacher_variance(h) / probes) / n;
  const double second_error = std::sqrt(rademacher_variance(h2) / probes) / n;
  EXPECT_NEAR(mean, h.trace() / n, 4 * mean_error + 1e-6);
  EXPECT_NEAR(second, h2.trace() / n, 4 * second_error + 1e-6);
  EXPECT_GT(mean_error, 0.0);
  // The extreme Ritz values converge first.
  const auto [lo, hi] = std::minmax_element(density.nodes().begin(), density.nodes().end());
  const double span = lambda[n - 1] - lambda[0];
  EXPECT_NEAR(*hi, lambda[n - 1], 1e-4 * span);
  EXPECT_NEAR(*lo, lambda[0], 1e-4 * span);
  // The grid's density integrates to 1 and has the quadrature's mean.
  const DensityGrid grid = density.grid();
  double grid_mass = 0, grid_mean = 0;
  for (std::size_t b = 0; b < grid.density.size(); ++b) {
    const double width = grid.edges[b + 1] - grid.edges[b];
    grid_mass += grid.density[b] * width;
    grid_mean += grid.density[b] * width * 0.5 * (grid.edges[b] + grid.edges[b + 1]);
  }
  EXPECT_NEAR(grid_mass, 1.0, 1e-6);
  EXPECT_NEAR(grid_mean, mean, 1e-3 * span);
}

TEST(SpectralDensity, EachProbeMatchesThePlainReference) {
  SmallNetwork net(network_config());
  const Eigen::MatrixXd& h = net.hessian;
  const int n = static_cast<int>(h.rows());
  const int probes = 3, steps = 20;
  SpectralDensity density;
  density.init(n, probes, steps, 100, 0.01);
  Rng rng(11, Stream::Probe);
  Rng draws = rng;  // the same probes, drawn again below
  density.run(net.objective(), net.run.params(), rng);
  const reference::Matvec matvec = [&h](const std::vector<double>& v) {
    const Eigen::VectorXd hv = h * Eigen::Map<const Eigen::VectorXd>(v.data(), v.size());
    return std::vector<double>(hv.data(), hv.data() + hv.size());
  };
  const double scale = h.operatorNorm();
  for (int p = 0; p < probes; ++p) {
    std::vector<double> z(n);
    for (double& x : z) x = (draws.next_u32() & 1u) ? 1.0 : -1.0;
    const reference::Quadrature ref = reference::lanczos_quadrature(matvec, z, steps);
    ASSERT_EQ(ref.nodes.size(), static_cast<std::size_t>(steps));
    // The quadrature's moments (exact in both up to the float32 HVP) and extreme nodes.
    for (int k = 0; k <= 4; ++k) {
      double core = 0, plain = 0;
      for (int j = 0; j < steps; ++j) {
        core +=
            density.weights()[p * steps + j] * probes * std::pow(density.nodes()[p * steps + j], k);
        plain += ref.weights[j] * std::pow(ref.nodes[j], k);
      }
      EXPECT_NEAR(core, plain, 1e-4 * std::pow(scale, k)) << "probe " << p << ", moment " << k;
    }
    const auto core_begin = density.nodes().begin() + p * steps;
    EXPECT_NEAR(*std::max_element(core_begin, core_begin + steps),
                *std::max_element(ref.nodes.begin(), ref.nodes.end()), 1e-4 * scale);
    EXPECT_NEAR(*std::min_element(core_begin, core_begin + steps),
                *std::min_element(ref.nodes.begin(), ref.nodes.end()), 1e-4 * scale);
  }
}

TEST(SpectralDensity, IsMeasuredInsideARunAndRecorded) {
  // The quadratic with condition number 20 has Hessian diag(1, 0.05): every probe sees both
  // eigenvalues with weight 1/2 (Lanczos stops at the dimension, 2).
  json j = {{"schema", 1},
            {"problem", {{"kind", "function"}, {"name", "quadratic"}, {"condition_number", 20.0}}},
            {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}},
            {"diagnostics", {{"every", 5}, {"density_probes", 3}, {"density_bins", 50}}},
            {"steps", 10}};
  descent::Run run(config_of(j));
  run.step(10);
  for (const auto& row : run.take_metrics()) {
    if (!std::isnan(row.diagnostic_hvps)) {
      EXPECT_EQ(row.diagnostic_hvps, 3 * 2);
    }
  }
  const auto records = run.take_diagnostics();
  ASSERT_EQ(records.size(), 2u);
  const auto found = weight_per_node(records[0].density_nodes, records[0].density_weights, 1e-6);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NEAR(found.begin()->first, 0.05, 1e-6);
  EXPECT_NEAR(found.begin()->second, 0.5, 1e-6);
  EXPECT_NEAR(found.rbegin()->first, 1.0, 1e-6);
  const json out = record_json(records[0], run.problem().layout());
  ASSERT_TRUE(out.contains("hessian_density"));
  EXPECT_EQ(out["hessian_density"]["edges"].size(), 51u);
  EXPECT_EQ(out["hessian_density"]["density"].size(), 50u);
  EXPECT_EQ(out["hessian_density"]["nodes"].size(), 6u);
  // Off by default: no record arrays, no HVPs.
  j["diagnostics"] = {{"every", 5}, {"top_k", 1}};
  descent::Run plain(config_of(j));
  plain.step(10);
  EXPECT_TRUE(plain.take_diagnostics()[0].density.density.empty());
}

TEST(SpectralDensity, ConfigErrorsNameTheFieldAndTheRange) {
  json j = {{"schema", 1},
            {"problem", {{"kind", "function"}, {"name", "quadratic"}}},
            {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}},
            {"steps", 10}};
  const std::vector<std::pair<const char*, double>> bad = {{"density_probes", 51},
                                                           {"density_steps", 1},
                                                           {"density_bins", 2000},
                                                           {"density_broadening", 0.0}};
  for (const auto& [field, value] : bad) {
    j["diagnostics"] = {{"every", 5}, {field, value}};
    ParsedConfig parsed = parse_config(j);
    ASSERT_FALSE(parsed.ok()) << field;
    EXPECT_EQ(parsed.errors[0].field, std::string("diagnostics.") + field);
  }
  j["diagnostics"] = {{"every", 5}, {"density_probes", 4}, {"density_broadening", 0.05}};
  const json again = to_json(config_of(j));
  EXPECT_EQ(again.at("diagnostics").at("density_probes"), 4);
  EXPECT_EQ(again.at("diagnostics").at("density_broadening"), 0.05);
}

// hessian_spectrum's claim needs training: before it (one step) the top eigenvalues fall off
// without a gap and the density is not concentrated near zero. The count follows C: with 4
// classes the same check finds 3 outliers.
TEST(HessianSpectrumDemo, FailsBeforeTrainingAndFollowsTheNumberOfClasses) {
  const Demo demo = hessian_spectrum_demo();
  Demo untrained = demo;
  for (DemoRun& run : untrained.runs) {
    run.config = with_value(run.config, "steps", 1);
    run.config = with_value(run.config, "diagnostics.every", 1);
  }
  const ClaimReport before = untrained.check(untrained);
  EXPECT_FALSE(before.pass());
  for (const Figure& f : before.figures) {
    const bool gap = f.name.find("outlier_gap") != std::string::npos;
    const bool bulk = f.name.find("bulk_weight") != std::string::npos;
    if (gap || bulk) {
      EXPECT_FALSE(f.pass) << f.name << " = " << f.value;
    }
  }
  Demo four = demo;
  four.runs.resize(1);
  four.runs[0].config = with_value(demo.runs[0].config, "problem.classes", 4);
  const ClaimReport report = four.check(four);
  EXPECT_TRUE(report.pass());
  ASSERT_FALSE(report.figures.empty());
  EXPECT_EQ(report.figures[0].name, "4_classes_outliers");
  EXPECT_EQ(report.figures[0].value, 3);
}

}  // namespace
}  // namespace descent
