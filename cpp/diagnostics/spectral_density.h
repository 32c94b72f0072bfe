#pragma once
// The Hessian's eigenvalue density by stochastic Lanczos quadrature ("Approximating Spectral
// Densities of Large Matrices", Lin, Saad, Yang, 2016; used for networks in "An Investigation
// into Neural Net Optimization via Hessian Eigenvalue Density", Ghorbani, Krishnan, Xiao,
// 2019). For each of P normalised Rademacher probes v, m Lanczos steps give Ritz values
// theta_j and weights tau_j^2 (squared first components of the tridiagonal's eigenvectors),
// a Gauss quadrature of the spectral measure seen from v: v^T f(H) v ~ sum_j tau_j^2
// f(theta_j). Since E[v^T f(H) v] = tr f(H) / n, the probes' average is an estimate of the
// density (1/n) sum_i delta(t - lambda_i), exact in expectation for polynomials of degree
// < 2 m. Broadened by a Gaussian it becomes a smooth density on a grid.
// Workspace is allocated in init(); run() does not allocate.
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "diagnostics/lanczos.h"
#include "optim/optimizer.h"

namespace descent {

struct DensityGrid {
  std::vector<double> edges;    // bins + 1, increasing
  std::vector<double> density;  // bins: mean of the broadened density over each bin
};

// The Gaussian-broadened density sum_j w_j N(t; theta_j, sigma^2) averaged over each of `bins`
// equal bins spanning [min theta - 5 sigma, max theta + 5 sigma], with sigma = broadening x
// (max theta - min theta) (or x max(1, |theta|) when all nodes coincide). Bin averages come
// from differences of the normal CDF, so sum_i density_i (edges_{i+1} - edges_i) is the
// weights' total up to the tails beyond 5 sigma (below 6e-7 of it).
DensityGrid broadened_density(const std::vector<double>& nodes, const std::vector<double>& weights,
                              int bins, double broadening);

class SpectralDensity {
 public:
  // n parameters, `probes` probes of `steps` Lanczos steps (capped at n), the grid's bins and
  // the relative broadening.
  void init(int n, int probes, int steps, int bins, double broadening);
  // Measures at params with probes drawn from rng. Returns the HVPs used.
  int run(Objective& objective, ConstVecRef params, Rng& rng);

  // All probes' Ritz values and weights (each probe's weights divided by the probe count, so
  // they sum to 1), probe by probe, each probe's nodes increasing.
  const std::vector<double>& nodes() const { return nodes_; }
  const std::vector<double>& weights() const { return weights_; }
  DensityGrid grid() const { return broadened_density(nodes_, weights_, bins_, broadening_); }

 private:
  int n_ = 0, probes_ = 0, bins_ = 0;
  double broadening_ = 0;
  Lanczos lanczos_;
  Eigen::VectorXd probe_, probe_nodes_, probe_weights_;
  std::vector<double> nodes_, weights_;
};

}  // namespace descent
