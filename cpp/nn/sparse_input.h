#pragma once
// The first layer's products for inputs that are mostly zeros (one-hot encodings, e.g. the
// two operands of modular arithmetic: 2 ones among 2p inputs). A dense product spends
// out x in x batch multiply-adds on zeros; these visit the non-zero inputs only, scanning x
// once (in x batch comparisons). Both loops run in a fixed order (samples, then features),
// so results are deterministic and identical natively and in WASM; the column updates are
// element-wise (no reduction whose order the vectorizer could change). Allocation-free.
#include "nn/nn_types.h"

namespace descent {
namespace nn {

// True when at most 1 in 16 entries of x is non-zero (one-hot codes of more than 8 symbols:
// modular arithmetic's inputs are 2 ones among 2p). The first layer then takes the sparse
// path. The choice depends on the data only, so it is the same in every build. The scan
// stops as soon as the bound is passed, so dense inputs pay for a few dozen comparisons.
template <class X>
bool mostly_zeros(const X& x) {
  const Eigen::Index limit = x.size() / 16;
  Eigen::Index nonzeros = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index k = 0; k < x.rows(); ++k) {
      if (x(k, j) != 0 && ++nonzeros > limit) return false;
    }
  }
  return true;
}

// z = weight * x   (z: out x batch, weight: out x in, x: in x batch)
template <class Z, class W, class X>
void sparse_input_product(Z&& z, const W& weight, const X& x) {
  z.setZero();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index k = 0; k < x.rows(); ++k) {
      const auto v = x(k, j);
      if (v != 0) z.col(j) += v * weight.col(k);
    }
  }
}

// dweight = delta * x^T   (dweight: out x in, delta: out x batch, x: in x batch)
template <class D, class Delta, class X>
void sparse_input_weight_gradient(D&& dweight, const Delta& delta, const X& x) {
  dweight.setZero();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index k = 0; k < x.rows(); ++k) {
      const auto v = x(k, j);
      if (v != 0) dweight.col(k) += v * delta.col(j);
    }
  }
}

}  // namespace nn
}  // namespace descent
