#include "diagnostics/lanczos.h"

#include <algorithm>
#include <cmath>

namespace descent {

void Lanczos::init(int n, int iterations, int top_k) {
  n_ = n;
  m_ = std::max(1, std::min(iterations, n));
  top_k_ = std::max(1, std::min(top_k, m_));
  basis_ = Eigen::MatrixXd::Zero(n, m_);
  w_ = Eigen::VectorXd::Zero(n);
  alpha_ = Eigen::VectorXd::Zero(m_);
  beta_ = Eigen::VectorXd::Zero(std::max(m_ - 1, 1));
  top_values_ = Eigen::VectorXd::Zero(top_k_);
  top_vectors_ = Eigen::MatrixXd::Zero(n, top_k_);
  v32_ = Vec::Zero(n);
  hv32_ = Vec::Zero(n);
  tridiagonal_ = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m_);
}

void Lanczos::random_unit_orthogonal(int j, Rng& rng) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    for (int i = 0; i < n_; ++i) w_[i] = rng.normal();
    // Twice is enough (Kahan): Gram-Schmidt against the basis so far.
    for (int pass = 0; pass < 2; ++pass) {
      for (int k = 0; k < j; ++k) w_ -= basis_.col(k).dot(w_) * basis_.col(k);
    }
    const double norm = w_.norm();
    if (norm > 1e-8) {
      basis_.col(j) = w_ / norm;
      return;
    }
  }
  basis_.col(j).setZero();
}

int Lanczos::run(Objective& objective, ConstVecRef params, Rng& rng) {
  random_unit_orthogonal(0, rng);
  return iterate(objective, params, rng);
}

int Lanczos::run_from(Objective& objective, ConstVecRef params, const Eigen::VectorXd& start,
                      Rng& rng) {
  const double norm = start.norm();
  if (norm > 0) {
    basis_.col(0) = start / norm;
  } else {
    random_unit_orthogonal(0, rng);
  }
  return iterate(objective, params, rng);
}

int Lanczos::iterate(Objective& objective, ConstVecRef params, Rng& rng) {
  for (int j = 0; j < m_; ++j) {
    v32_ = basis_.col(j).cast<Scalar>();
    objective.hvp(params, v32_, hv32_);
    w_ = hv32_.cast<double>();
    alpha_[j] = basis_.col(j).dot(w_);
    if (j + 1 == m_) break;
    // Full reorthogonalisation (twice) keeps the basis orthonormal in floating point, so no
    // spurious copies of converged eigenvalues appear.
    for (int pass = 0; pass < 2; ++pass) {
      for (int k = 0; k <= j; ++k) w_ -= basis_.col(k).dot(w_) * basis_.col(k);
    }
    const double b = w_.norm();
    if (b > 1e-10 * std::max(1.0, std::abs(alpha_[j]))) {
      beta_[j] = b;
      basis_.col(j + 1) = w_ / b;
    } else {
      // An invariant subspace is exhausted: restart with a fresh orthogonal direction (the
      // tridiagonal matrix splits into blocks; its eigenvalues stay exact).
      beta_[j] = 0.0;
      random_unit_orthogonal(j + 1, rng);
    }
  }
  if (m_ == 1) {
    top_values_[0] = alpha_[0];
    top_vectors_.col(0) = basis_.col(0);
    return 1;
  }
  tridiagonal_.computeFromTridiagonal(alpha_, beta_, Eigen::ComputeEigenvectors);
  const auto& values = tridiagonal_.eigenvalues();  // increasing
  const auto& vectors = tridiagonal_.eigenvectors();
  for (int k = 0; k < top_k_; ++k) {
    const int index = m_ - 1 - k;
    top_values_[k] = values[index];
    top_vectors_.col(k).noalias() = basis_ * vectors.col(index);
  }
  return m_;
}

void Lanczos::quadrature(Eigen::VectorXd& nodes, Eigen::VectorXd& weights) const {
  nodes.resize(m_);
  weights.resize(m_);
  if (m_ == 1) {
    nodes[0] = alpha_[0];
    weights[0] = 1.0;
    return;
  }
  nodes = tridiagonal_.eigenvalues();
  // After a breakdown the tridiagonal splits into blocks; eigenvectors of the later blocks
  // have first component 0, so their Ritz values get no weight (they are not in v's Krylov
  // space), as the quadrature requires.
  weights = tridiagonal_.eigenvectors().row(0).transpose().array().square();
}

double Lanczos::fraction_in_top_space(ConstVecRef gradient) const {
  const double total = static_cast<double>(gradient.squaredNorm());
  if (total == 0.0) return 0.0;
  double inside = 0.0;
  for (int k = 0; k < top_k_; ++k) {
    double c = 0.0;
    for (int i = 0; i < n_; ++i) c += top_vectors_(i, k) * static_cast<double>(gradient[i]);
    inside += c * c;
  }
  return inside / total;
}

}  // namespace descent
