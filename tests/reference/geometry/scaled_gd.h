#pragma once
// Reference ScaledGD(lambda), from "The Power of Preconditioning in Overparameterized Low-Rank
// Matrix Sensing" (Xu, Shen, Chi, Ma, 2023), eq. (5): for every weight matrix U (rows x cols)
// with gradient G,
//   U <- U - lr G (U^T U + lambda I)^{-1},
// computed here in double with plain loops: the Gram matrix, its inverse by Gauss-Jordan
// elimination with partial pivoting, and the product. Vectors take U <- U - lr g.
#include <cmath>
#include <utility>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

// The inverse of a square matrix by Gauss-Jordan elimination with partial pivoting.
inline Matrix inverse(Matrix a) {
  const int n = a.rows;
  Matrix inv = Matrix::identity(n);
  for (int c = 0; c < n; ++c) {
    int pivot = c;
    for (int r = c + 1; r < n; ++r)
      if (std::abs(a(r, c)) > std::abs(a(pivot, c))) pivot = r;
    for (int j = 0; j < n; ++j) {
      std::swap(a(c, j), a(pivot, j));
      std::swap(inv(c, j), inv(pivot, j));
    }
    const double d = a(c, c);
    for (int j = 0; j < n; ++j) {
      a(c, j) /= d;
      inv(c, j) /= d;
    }
    for (int r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a(r, c);
      for (int j = 0; j < n; ++j) {
        a(r, j) -= f * a(c, j);
        inv(r, j) -= f * inv(c, j);
      }
    }
  }
  return inv;
}

class ScaledGd final : public zoo::ReferenceOptimizer {
 public:
  explicit ScaledGd(double lambda) : lambda_(lambda) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int /*t*/, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    for (const auto& ts : oracle.layout->tensors) {
      const bool matrix = ts.rows > 1 && ts.cols > 1 && ts.role == TensorRole::Weight;
      if (!matrix) {
        for (int i = 0; i < ts.size(); ++i) {
          const int idx = ts.offset + i;
          p[idx] = static_cast<float>(p[idx] - lr * g[idx]);
        }
        continue;
      }
      const Matrix u = read_tensor(p, ts.offset, ts.rows, ts.cols);
      const Matrix grad = read_tensor(g, ts.offset, ts.rows, ts.cols);
      Matrix gram = multiply(transpose(u), u);
      for (int i = 0; i < ts.cols; ++i) gram(i, i) += lambda_;
      const Matrix step = multiply(grad, inverse(gram));
      for (int j = 0; j < ts.cols; ++j) {
        for (int i = 0; i < ts.rows; ++i) {
          const int idx = ts.offset + i + j * ts.rows;
          p[idx] = static_cast<float>(p[idx] - lr * step(i, j));
        }
      }
    }
  }

 private:
  double lambda_;
};

}  // namespace descent::reference
