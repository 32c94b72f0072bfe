#pragma once
// Matrix products into preallocated storage that never touch the heap.
//
// Eigen's GEMM packs blocks of its operands into buffers of kc x mc and kc x nc scalars
// (kc <= depth, mc <= rows, nc <= cols, further bounded by cache-size heuristics). Buffers up
// to EIGEN_STACK_ALLOCATION_LIMIT bytes (128 KiB) are taken from the stack, larger ones from
// the heap on every call. product_into tiles the product so that every tile's depth x rows and
// depth x cols fit that limit whatever the cache heuristics decide; the tiles are still large
// (>= 128 x 128 x 256 in float) so the vectorised GEMM kernel does the work.
#include <algorithm>
#include <type_traits>

#include "nn/nn_types.h"

namespace descent {
namespace nn {

// dst = lhs * rhs, or dst += lhs * rhs when accumulate. dst is a block or Ref of a column-major
// matrix (it is written through), and must not alias lhs or rhs.
template <class Dst, class Lhs, class Rhs>
void product_into(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate) {
  using S = typename std::decay_t<Dst>::Scalar;
  constexpr Eigen::Index kLimit = EIGEN_STACK_ALLOCATION_LIMIT / sizeof(S);
  static_assert(kLimit >= 1024, "EIGEN_STACK_ALLOCATION_LIMIT is too small for product_into");
  constexpr Eigen::Index kMaxDepth = kLimit / 128;  // 256 in float, 128 in double

  const Eigen::Index rows = dst.rows();
  const Eigen::Index cols = dst.cols();
  const Eigen::Index depth = lhs.cols();
  if (rows == 0 || cols == 0) return;
  if (depth == 0) {
    if (!accumulate) dst.setZero();
    return;
  }
  const Eigen::Index kt = std::min(depth, kMaxDepth);
  const Eigen::Index tile = kLimit / kt;  // rows and columns per tile: tile * kt <= kLimit
  for (Eigen::Index k = 0; k < depth; k += kt) {
    const Eigen::Index kk = std::min(kt, depth - k);
    const bool add = accumulate || k > 0;
    for (Eigen::Index j = 0; j < cols; j += tile) {
      const Eigen::Index nj = std::min(tile, cols - j);
      for (Eigen::Index i = 0; i < rows; i += tile) {
        const Eigen::Index mi = std::min(tile, rows - i);
        auto out = dst.block(i, j, mi, nj);
        auto a = lhs.block(i, k, mi, kk);
        auto b = rhs.block(k, j, kk, nj);
        if (add) {
          out.noalias() += a * b;
        } else {
          out.noalias() = a * b;
        }
      }
    }
  }
}

}  // namespace nn
}  // namespace descent
