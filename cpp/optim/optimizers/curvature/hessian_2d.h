#pragma once
// The Hessian of a 2-D function, column by column: H e_j from one Hessian-vector product each.
// `unit` and `column` are the caller's buffers of the parameters' size, so a step allocates
// nothing. Used by the Newton methods that solve the 2 x 2 system exactly (damped Newton,
// lazy-Hessian cubic Newton).
#include "optim/optimizer.h"

namespace descent {

inline void hessian_2d(Objective& objective, ConstVecRef params, Vec& unit, Vec& column,
                       double h[2][2]) {
  for (int j = 0; j < 2; ++j) {
    unit.setZero();
    unit[j] = 1;
    objective.hvp(params, unit, column);
    h[0][j] = column[0];
    h[1][j] = column[1];
  }
}

}  // namespace descent
