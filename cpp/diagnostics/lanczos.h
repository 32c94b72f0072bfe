#pragma once
// The top eigenvalues of the loss Hessian from exact Hessian-vector products, by the Lanczos
// iteration with full reorthogonalisation ("An Iteration Method for the Solution of the
// Eigenvalue Problem of Linear Differential and Integral Operators", Lanczos, 1950; used for
// sharpness in "Gradient Descent on Neural Networks Typically Occurs at the Edge of
// Stability", Cohen et al., 2021). m iterations cost m HVPs; the extreme Ritz values converge
// first, so the top few eigenvalues are accurate long before m reaches the dimension.
// Workspace is allocated in init(); run() does not allocate.
#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "core/rng.h"
#include "core/types.h"
#include "optim/optimizer.h"

namespace descent {

class Lanczos {
 public:
  // n parameters, at most `iterations` Lanczos steps (capped at n), top_k Ritz pairs kept.
  void init(int n, int iterations, int top_k);
  // Runs from a random start vector (normal, from rng) at params. Returns the HVPs used.
  int run(Objective& objective, ConstVecRef params, Rng& rng);
  // Runs from `start` (any nonzero vector; normalised here); rng only restarts a broken-down
  // iteration. Returns the HVPs used.
  int run_from(Objective& objective, ConstVecRef params, const Eigen::VectorXd& start, Rng& rng);

  int top_k() const { return top_k_; }
  // Eigenvalues in decreasing order (top_k of them) and their Ritz vectors (columns, unit).
  const Eigen::VectorXd& eigenvalues() const { return top_values_; }
  const Eigen::MatrixXd& eigenvectors() const { return top_vectors_; }
  // |P g|^2 / |g|^2 for the projection P onto the span of the top-k Ritz vectors.
  double fraction_in_top_space(ConstVecRef gradient) const;
  // Gauss quadrature of the last run's start vector v: all Ritz values (increasing) and the
  // squared first components of the tridiagonal's eigenvectors, so that
  // v^T f(H) v ~ sum_j weights_j f(nodes_j), exact for polynomials of degree < 2 m
  // ("Approximating Spectral Densities of Large Matrices", Lin, Saad, Yang, 2016). The
  // weights sum to 1.
  void quadrature(Eigen::VectorXd& nodes, Eigen::VectorXd& weights) const;
  int steps() const { return m_; }

 private:
  void random_unit_orthogonal(int j, Rng& rng);  // basis column j, orthogonal to 0..j-1
  int iterate(Objective& objective, ConstVecRef params, Rng& rng);  // from basis column 0

  int n_ = 0, m_ = 0, top_k_ = 0;
  Eigen::MatrixXd basis_;  // n x m, orthonormal Lanczos vectors
  Eigen::VectorXd w_, alpha_, beta_, top_values_;
  Eigen::MatrixXd top_vectors_;  // n x top_k
  Vec v32_, hv32_;               // the objective's float32 interface
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> tridiagonal_;
};

}  // namespace descent
