#pragma once
// Small dense linear algebra for the geometry references, in double with plain loops (no
// Eigen): row-major matrices, products, the cyclic Jacobi eigenvalue method for symmetric
// matrices and the one-sided (Hestenes) Jacobi SVD. Sizes are the test networks' (<= 16).
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

// A rows x cols matrix, row-major.
struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> a;
  Matrix() = default;
  Matrix(int r, int c, double fill = 0.0)
      : rows(r), cols(c), a(static_cast<std::size_t>(r) * c, fill) {}
  double& operator()(int i, int j) { return a[static_cast<std::size_t>(i) * cols + j]; }
  double operator()(int i, int j) const { return a[static_cast<std::size_t>(i) * cols + j]; }
  static Matrix identity(int n, double scale = 1.0) {
    Matrix m(n, n);
    for (int i = 0; i < n; ++i) m(i, i) = scale;
    return m;
  }
};

inline Matrix transpose(const Matrix& m) {
  Matrix t(m.cols, m.rows);
  for (int i = 0; i < m.rows; ++i)
    for (int j = 0; j < m.cols; ++j) t(j, i) = m(i, j);
  return t;
}

inline Matrix multiply(const Matrix& x, const Matrix& y) {
  Matrix z(x.rows, y.cols);
  for (int i = 0; i < x.rows; ++i)
    for (int k = 0; k < x.cols; ++k)
      for (int j = 0; j < y.cols; ++j) z(i, j) += x(i, k) * y(k, j);
  return z;
}

inline double frobenius(const Matrix& m) {
  double s = 0;
  for (double v : m.a) s += v * v;
  return std::sqrt(s);
}

// The tensor at `offset` of a flat column-major parameter vector, as a rows x cols matrix.
inline Matrix read_tensor(const zoo::Params& flat, int offset, int rows, int cols) {
  Matrix m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = flat[static_cast<std::size_t>(offset + i + j * rows)];
  return m;
}

// Symmetric eigendecomposition by cyclic Jacobi rotations: s = V diag(values) V^T.
inline void symmetric_eigen(Matrix s, std::vector<double>& values, Matrix& vectors) {
  const int n = s.rows;
  vectors = Matrix::identity(n);
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0, total = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) (i == j ? total : off) += s(i, j) * s(i, j);
    if (off <= 1e-30 * (total + off)) break;
    for (int p = 0; p < n; ++p) {
      for (int q = p + 1; q < n; ++q) {
        if (s(p, q) == 0) continue;
        const double theta = (s(q, q) - s(p, p)) / (2 * s(p, q));
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), sn = t * c;
        // s <- J^T s J with J the rotation in the (p, q) plane.
        for (int k = 0; k < n; ++k) {
          const double skp = s(k, p), skq = s(k, q);
          s(k, p) = c * skp - sn * skq;
          s(k, q) = sn * skp + c * skq;
        }
        for (int k = 0; k < n; ++k) {
          const double spk = s(p, k), sqk = s(q, k);
          s(p, k) = c * spk - sn * sqk;
          s(q, k) = sn * spk + c * sqk;
        }
        for (int k = 0; k < n; ++k) {
          const double vkp = vectors(k, p), vkq = vectors(k, q);
          vectors(k, p) = c * vkp - sn * vkq;
          vectors(k, q) = sn * vkp + c * vkq;
        }
      }
    }
  }
  values.assign(n, 0.0);
  for (int i = 0; i < n; ++i) values[i] = s(i, i);
}

// f(S) = V diag(f(lambda)) V^T for a symmetric S.
template <class F>
Matrix symmetric_function(const Matrix& s, F f) {
  std::vector<double> values;
  Matrix v;
  symmetric_eigen(s, values, v);
  Matrix out(s.rows, s.rows);
  for (int i = 0; i < s.rows; ++i)
    for (int j = 0; j < s.rows; ++j)
      for (int k = 0; k < s.rows; ++k) out(i, j) += v(i, k) * f(values[k]) * v(j, k);
  return out;
}

// Thin SVD of g (rows >= cols) by one-sided Jacobi: columns of g are rotated until mutually
// orthogonal; then g V = U S. Returns singular values, U (rows x cols), V (cols x cols).
inline void thin_svd_tall(const Matrix& g, std::vector<double>& s, Matrix& u, Matrix& v) {
  const int m = g.rows, n = g.cols;
  Matrix a = g;
  v = Matrix::identity(n);
  for (int sweep = 0; sweep < 100; ++sweep) {
    bool rotated = false;
    for (int p = 0; p < n; ++p) {
      for (int q = p + 1; q < n; ++q) {
        double alpha = 0, beta = 0, gamma = 0;
        for (int i = 0; i < m; ++i) {
          alpha += a(i, p) * a(i, p);
          beta += a(i, q) * a(i, q);
          gamma += a(i, p) * a(i, q);
        }
        if (gamma == 0 || std::abs(gamma) <= 1e-15 * std::sqrt(alpha * beta)) continue;
        rotated = true;
        const double zeta = (beta - alpha) / (2 * gamma);
        const double t = (zeta >= 0 ? 1.0 : -1.0) / (std::abs(zeta) + std::sqrt(1 + zeta * zeta));
        const double c = 1 / std::sqrt(1 + t * t), sn = c * t;
        for (int i = 0; i < m; ++i) {
          const double x = a(i, p), y = a(i, q);
          a(i, p) = c * x - sn * y;
          a(i, q) = sn * x + c * y;
        }
        for (int i = 0; i < n; ++i) {
          const double x = v(i, p), y = v(i, q);
          v(i, p) = c * x - sn * y;
          v(i, q) = sn * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  s.assign(n, 0.0);
  u = Matrix(m, n);
  for (int k = 0; k < n; ++k) {
    double norm = 0;
    for (int i = 0; i < m; ++i) norm += a(i, k) * a(i, k);
    s[k] = std::sqrt(norm);
    for (int i = 0; i < m; ++i) u(i, k) = s[k] > 0 ? a(i, k) / s[k] : 0.0;
  }
}

// The damped polar factor sum_k w_k u_k v_k^T with w_k = s_k / sqrt(s_k^2 + (eps s_max)^2)
// (U V^T for eps = 0), and the nuclear norm sum_k s_k, of any g.
inline Matrix damped_polar_factor(const Matrix& g, double eps, double& nuclear) {
  const bool wide = g.rows < g.cols;
  const Matrix tall = wide ? transpose(g) : g;
  std::vector<double> s;
  Matrix u, v;
  thin_svd_tall(tall, s, u, v);
  const double smax = *std::max_element(s.begin(), s.end());
  const double delta2 = (eps * smax) * (eps * smax);
  Matrix polar(tall.rows, tall.cols);
  nuclear = 0;
  for (int k = 0; k < tall.cols; ++k) {
    nuclear += s[k];
    if (s[k] == 0) continue;
    const double w = s[k] / std::sqrt(s[k] * s[k] + delta2);
    for (int i = 0; i < tall.rows; ++i)
      for (int j = 0; j < tall.cols; ++j) polar(i, j) += w * u(i, k) * v(j, k);
  }
  return wide ? transpose(polar) : polar;
}

}  // namespace descent::reference
