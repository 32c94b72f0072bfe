#pragma once
// Stochastic Lanczos quadrature for one probe, written from "Approximating Spectral Densities
// of Large Matrices" (Lin, Saad, Yang, 2016), Section 3.2 (Algorithm 1 and Eq. 3.11), with
// plain std::vector arithmetic: the Lanczos recurrence from v / |v| with full
// reorthogonalisation (classical Gram-Schmidt, twice), then the tridiagonal matrix T_m's
// eigenvalues theta_k (the nodes) and the squared first components tau_k^2 of its unit
// eigenvectors (the weights), by the cyclic Jacobi method ("Matrix Computations", Golub and
// Van Loan, 4th ed., Section 8.5, Algorithms 8.5.1-8.5.3). No Eigen, no core code.
#include <cmath>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace descent::reference {

using Matvec = std::function<std::vector<double>(const std::vector<double>&)>;

struct Quadrature {
  std::vector<double> nodes, weights;
};

// Eigenvalues of the symmetric matrix a (n x n, row-major) and the first row of its
// eigenvector matrix, by cyclic Jacobi rotations until the off-diagonal part vanishes.
inline std::pair<std::vector<double>, std::vector<double>> jacobi_first_row(std::vector<double> a,
                                                                            std::size_t n) {
  std::vector<double> v(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) v[i * n + i] = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        total += a[i * n + j] * a[i * n + j];
        if (i != j) off += a[i * n + j] * a[i * n + j];
      }
    }
    if (off <= 1e-30 * total) break;
    for (std::size_t p = 0; p + 1 < n; ++p) {
      for (std::size_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0.0) continue;
        // The symmetric Schur decomposition of the 2 x 2 block (Algorithm 8.5.1).
        const double tau = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
        const double t = (tau >= 0 ? 1.0 : -1.0) / (std::abs(tau) + std::sqrt(1.0 + tau * tau));
        const double c = 1.0 / std::sqrt(1.0 + t * t), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {  // A <- A J (columns p, q)
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < n; ++k) {  // A <- J^T A (rows p, q)
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < n; ++k) {  // V <- V J
          const double vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<double> values(n), first(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = a[i * n + i];
    first[i] = v[i];  // row 0, column i: the first component of eigenvector i
  }
  return {values, first};
}

// m Lanczos steps on the operator `h` (dimension v.size(), m <= dimension) from v; stops early
// at an invariant subspace (beta ~ 0), where the quadrature is already exact.
inline Quadrature lanczos_quadrature(const Matvec& h, std::vector<double> v, std::size_t m) {
  const std::size_t n = v.size();
  auto dot = [n](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
  };
  const double norm = std::sqrt(dot(v, v));
  for (double& x : v) x /= norm;
  std::vector<std::vector<double>> basis = {v};
  std::vector<double> alpha, beta;
  for (std::size_t j = 0; j < m; ++j) {
    std::vector<double> w = h(basis[j]);
    alpha.push_back(dot(basis[j], w));
    if (j + 1 == m) break;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& q : basis) {
        const double c = dot(q, w);
        for (std::size_t i = 0; i < n; ++i) w[i] -= c * q[i];
      }
    }
    const double b = std::sqrt(dot(w, w));
    if (b < 1e-10 * std::max(1.0, std::abs(alpha.back()))) break;
    beta.push_back(b);
    for (double& x : w) x /= b;
    basis.push_back(w);
  }
  const std::size_t k = alpha.size();
  std::vector<double> t(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    t[i * k + i] = alpha[i];
    if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = beta[i];
  }
  auto [values, first] = jacobi_first_row(std::move(t), k);
  Quadrature out;
  out.nodes = values;
  for (double f : first) out.weights.push_back(f * f);
  return out;
}

}  // namespace descent::reference
