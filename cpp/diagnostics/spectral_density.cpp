#include "diagnostics/spectral_density.h"

#include <algorithm>
#include <cmath>

namespace descent {

namespace {

constexpr double kTails = 5.0;  // the grid reaches this many sigmas beyond the extreme nodes

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

DensityGrid broadened_density(const std::vector<double>& nodes, const std::vector<double>& weights,
                              int bins, double broadening) {
  DensityGrid out;
  if (nodes.empty() || bins < 1) return out;
  const auto [lo_it, hi_it] = std::minmax_element(nodes.begin(), nodes.end());
  const double lo = *lo_it, hi = *hi_it;
  const double span = hi > lo ? hi - lo : std::max(1.0, std::abs(lo));
  const double sigma = broadening * span;
  const double start = lo - kTails * sigma;
  const double width = (hi - lo + 2 * kTails * sigma) / bins;
  out.edges.resize(static_cast<std::size_t>(bins) + 1);
  for (int b = 0; b <= bins; ++b) out.edges[b] = start + b * width;
  out.edges[bins] = hi + kTails * sigma;
  out.density.assign(static_cast<std::size_t>(bins), 0.0);
  for (std::size_t j = 0; j < nodes.size(); ++j) {
    if (weights[j] == 0.0) continue;
    double below = normal_cdf((out.edges[0] - nodes[j]) / sigma);
    for (int b = 0; b < bins; ++b) {
      const double upto = normal_cdf((out.edges[b + 1] - nodes[j]) / sigma);
      out.density[b] += weights[j] * (upto - below);
      below = upto;
    }
  }
  for (int b = 0; b < bins; ++b) out.density[b] /= out.edges[b + 1] - out.edges[b];
  return out;
}

void SpectralDensity::init(int n, int probes, int steps, int bins, double broadening) {
  n_ = n;
  probes_ = probes;
  bins_ = bins;
  broadening_ = broadening;
  lanczos_.init(n, steps, 1);
  probe_ = Eigen::VectorXd::Zero(n);
  probe_nodes_ = Eigen::VectorXd::Zero(lanczos_.steps());
  probe_weights_ = Eigen::VectorXd::Zero(lanczos_.steps());
  const auto total = static_cast<std::size_t>(probes) * lanczos_.steps();
  nodes_.assign(total, 0.0);
  weights_.assign(total, 0.0);
}

int SpectralDensity::run(Objective& objective, ConstVecRef params, Rng& rng) {
  int hvps = 0;
  const int m = lanczos_.steps();
  for (int p = 0; p < probes_; ++p) {
    // A Rademacher probe: |v|^2 = n exactly, so v^T f(H) v / n is unbiased for tr f(H) / n.
    for (int i = 0; i < n_; ++i) probe_[i] = (rng.next_u32() & 1u) ? 1.0 : -1.0;
    hvps += lanczos_.run_from(objective, params, probe_, rng);
    lanczos_.quadrature(probe_nodes_, probe_weights_);
    for (int j = 0; j < m; ++j) {
      nodes_[static_cast<std::size_t>(p) * m + j] = probe_nodes_[j];
      weights_[static_cast<std::size_t>(p) * m + j] = probe_weights_[j] / probes_;
    }
  }
  return hvps;
}

}  // namespace descent
