#pragma once
// The L1/L2 penalty of a network's weight matrices (biases and LayerNorm gains are not
// penalised), one template for the float32 parameters and the float64 master weights.
#include <Eigen/Core>

#include "core/param_layout.h"

namespace descent {

struct WeightPenalty {
  double l1 = 0, l2 = 0;

  bool active() const { return l1 != 0 || l2 != 0; }

  // l1 |w|_1 + l2/2 |w|^2, each tensor's sums taken in the parameters' precision.
  template <class Derived>
  double value(const ParamLayout& layout, const Eigen::MatrixBase<Derived>& params) const {
    if (!active()) return 0.0;
    double total = 0.0;
    for (const auto& t : layout.tensors) {
      if (t.role != TensorRole::Weight) continue;
      auto w = params.derived().segment(t.offset, t.size());
      total += l1 * static_cast<double>(w.cwiseAbs().sum()) +
               0.5 * l2 * static_cast<double>(w.squaredNorm());
    }
    return total;
  }

  // grad += l1 sign(w) + l2 w, with the coefficients rounded to the parameters' precision.
  template <class Derived, class Grad>
  void add_grad(const ParamLayout& layout, const Eigen::MatrixBase<Derived>& params,
                Grad& grad) const {
    if (!active()) return;
    using S = typename Derived::Scalar;
    const auto c1 = static_cast<S>(l1);
    const auto c2 = static_cast<S>(l2);
    for (const auto& t : layout.tensors) {
      if (t.role != TensorRole::Weight) continue;
      auto w = params.derived().segment(t.offset, t.size());
      grad.segment(t.offset, t.size()).array() += c1 * w.array().sign() + c2 * w.array();
    }
  }

  // out += the penalty's Hessian times v: l2 v on the weight matrices. The L1 term's Hessian
  // is 0 wherever it is differentiable (every weight nonzero), so it adds nothing.
  template <class V, class Out>
  void add_hvp(const ParamLayout& layout, const V& v, Out& out) const {
    if (l2 == 0) return;
    const auto c2 = static_cast<typename V::Scalar>(l2);
    for (const auto& t : layout.tensors) {
      if (t.role != TensorRole::Weight) continue;
      out.segment(t.offset, t.size()) += c2 * v.segment(t.offset, t.size());
    }
  }
};

}  // namespace descent
