#pragma once
// Reference norm loss, from "Norm Loss: An efficient yet effective regularization method for
// deep neural networks" (Georgiou et al., 2021): the penalty L_norm = factor sum_i (1 - |w_i|)^2
// over units w_i, whose gradient is 2 factor (|w_i| - 1) w_i / |w_i|; applied decoupled (a
// gradient step of size lr outside the optimizer), as Ranger21 does, with eps = 1e-8 added to
// the norm.
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline void norm_loss_step(Vector& u, const zoo::Params& p, const zoo::Oracle& oracle,
                           double factor, double lr) {
  for (const auto& t : tensors_of(oracle, static_cast<int>(p.size()))) {
    for (const auto& unit : units_of(t)) {
      const double n = norm_over(p, unit);
      const double grad_scale = 2 * factor * (n - 1) / (n + 1e-8);
      for (int i : unit) u[i] -= lr * grad_scale * p[i];
    }
  }
}

inline Stage norm_loss(double factor) {
  return [=](Vector& u, const StageContext& c) {
    norm_loss_step(u, *c.params, *c.oracle, factor, c.lr);
  };
}

}  // namespace descent::reference::stab
