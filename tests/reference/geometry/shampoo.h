#pragma once
// Reference Shampoo, from "Shampoo: Preconditioned Stochastic Tensor Optimization" (Gupta,
// Koren, Singer, 2018): Algorithm 1 for matrices,
//   L_0 = eps I, R_0 = eps I;  L += G G^T;  R += G^T G;  W -= lr L^{-1/4} G R^{-1/4},
// and Algorithm 2 with k = 1 for vectors (full-matrix AdaGrad): H_0 = eps I, H += g g^T,
// w -= lr H^{-1/2} g. A side longer than max_dim keeps only the diagonal of its statistic.
// Roots are recomputed on steps 1, 1 + k, 1 + 2k, ... (k = update_interval), by Jacobi
// eigendecomposition in double with eigenvalues floored at eps (as in the core).
#include <cmath>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

class Shampoo final : public zoo::ReferenceOptimizer {
 public:
  Shampoo(double eps, int update_interval, int max_dim)
      : eps_(eps), interval_(update_interval), max_dim_(max_dim) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    const auto& tensors = oracle.layout->tensors;
    if (sides_.empty()) {
      for (const auto& ts : tensors) {
        const bool matrix = ts.rows > 1 && ts.cols > 1;
        sides_.push_back(make_side(matrix ? ts.rows : ts.size(), matrix ? -0.25 : -0.5));
        sides_.push_back(make_side(matrix ? ts.cols : 0, -0.25));
      }
    }
    const bool recompute = (t - 1) % interval_ == 0;
    for (std::size_t k = 0; k < tensors.size(); ++k) {
      const auto& ts = tensors[k];
      Side& left = sides_[2 * k];
      Side& right = sides_[2 * k + 1];
      const bool matrix = ts.rows > 1 && ts.cols > 1;
      // A vector is handled as a size x 1 matrix with only a left side.
      const int rows = matrix ? ts.rows : ts.size(), cols = matrix ? ts.cols : 1;
      Matrix G(rows, cols);
      for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i) G(i, j) = g[ts.offset + i + j * rows];
      accumulate(left, G);
      if (matrix) accumulate(right, transpose(G));
      if (recompute) {
        root(left);
        if (matrix) root(right);
      }
      Matrix update = apply(left, G);
      if (matrix) update = transpose(apply(right, transpose(update)));
      for (int j = 0; j < cols; ++j) {
        for (int i = 0; i < rows; ++i) {
          const int idx = ts.offset + i + j * rows;
          p[idx] = static_cast<float>(p[idx] - lr * update(i, j));
        }
      }
    }
  }

 private:
  struct Side {
    int n = 0;
    bool full = false;
    double exponent = -0.25;
    Matrix stat, root;  // n x n, or n x 1 holding the diagonal
  };

  Side make_side(int n, double exponent) const {
    Side s;
    s.n = n;
    s.exponent = exponent;
    s.full = n <= max_dim_;
    if (s.full) {
      s.stat = Matrix::identity(n, eps_);
    } else {
      s.stat = Matrix(n, 1, eps_);
    }
    return s;
  }

  // stat += X X^T (diagonal: row sums of X^2), for the side indexing X's rows.
  static void accumulate(Side& s, const Matrix& x) {
    for (int i = 0; i < x.rows; ++i) {
      if (s.full) {
        for (int j = 0; j < x.rows; ++j) {
          double sum = 0;
          for (int c = 0; c < x.cols; ++c) sum += x(i, c) * x(j, c);
          s.stat(i, j) += sum;
        }
      } else {
        for (int c = 0; c < x.cols; ++c) s.stat(i, 0) += x(i, c) * x(i, c);
      }
    }
  }

  void root(Side& s) const {
    const double e = s.exponent, floor = eps_;
    if (s.full) {
      s.root = symmetric_function(s.stat,
                                  [e, floor](double l) { return std::pow(std::max(l, floor), e); });
    } else {
      s.root = Matrix(s.n, 1);
      for (int i = 0; i < s.n; ++i) s.root(i, 0) = std::pow(s.stat(i, 0), e);
    }
  }

  // root * X (diagonal: scale X's rows).
  static Matrix apply(const Side& s, const Matrix& x) {
    if (s.full) return multiply(s.root, x);
    Matrix y = x;
    for (int i = 0; i < x.rows; ++i)
      for (int c = 0; c < x.cols; ++c) y(i, c) *= s.root(i, 0);
    return y;
  }

  double eps_;
  int interval_, max_dim_;
  std::vector<Side> sides_;
};

}  // namespace descent::reference
