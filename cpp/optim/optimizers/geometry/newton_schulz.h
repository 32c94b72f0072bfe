#pragma once
// The quintic Newton-Schulz iteration Muon uses to approximately orthogonalise a matrix
// ("Muon: An optimizer for hidden layers in neural networks", Jordan et al., 2024):
//   X <- M / (||M||_F + 1e-7);  repeat: A = X X^T;  X <- a X + (b A + c A^2) X
// with (a, b, c) = (3.4445, -4.7750, 2.0315). Each step maps every singular value s of X to
// p(s) = a s + b s^3 + c s^5 while keeping the singular vectors, so X tends to U V^T (the
// polar factor of M). The coefficients trade exactness for speed: after 5 steps every
// non-negligible singular value lies in roughly [0.7, 1.2] rather than at 1.
// Tall matrices are transposed first so that A is the smaller Gram matrix (the result is the
// same in exact arithmetic). The reference runs in bfloat16; this one in float32.
#include "core/types.h"
#include "nn/product.h"

namespace descent {

// Preallocated work space for one rows x cols matrix: no allocation in orthogonalise().
class NewtonSchulz {
 public:
  static constexpr float kA = 3.4445f, kB = -4.7750f, kC = 2.0315f;

  NewtonSchulz() = default;
  NewtonSchulz(int rows, int cols) : rows_(rows), cols_(cols) {
    const int k = rows <= cols ? rows : cols;  // the short side
    const int n = rows <= cols ? cols : rows;
    x_.resize(k, n);
    a_.resize(k, k);
    b_.resize(k, k);
    bx_.resize(k, n);
  }

  // out <- NS_steps(m); m and out are rows x cols column-major and may alias.
  template <class In, class Out>
  void orthogonalise(const In& m, Out&& out, int steps) {
    const bool transpose = rows_ > cols_;
    const float norm = m.norm() + 1e-7f;
    if (transpose) {
      x_ = m.transpose() / norm;
    } else {
      x_ = m / norm;
    }
    for (int s = 0; s < steps; ++s) {
      // Products through nn::product_into, which never allocates (Eigen's GEMM would for
      // large layers).
      nn::product_into(a_, x_, x_.transpose(), false);  // A = X X^T
      nn::product_into(b_, a_, a_, false);              // A^2
      b_ = kC * b_ + kB * a_;                           // B = b A + c A^2
      nn::product_into(bx_, b_, x_, false);
      x_ = kA * x_ + bx_;
    }
    if (transpose) {
      out = x_.transpose();
    } else {
      out = x_;
    }
  }

 private:
  int rows_ = 0, cols_ = 0;
  Mat x_, a_, b_, bx_;
};

}  // namespace descent
