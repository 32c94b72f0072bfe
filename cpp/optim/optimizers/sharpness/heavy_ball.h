#pragma once
// The outer step of the perturbation methods (SAM, AMP): SGD with heavy-ball momentum as in
// torch.optim.SGD without dampening, on the gradient taken at the perturbed point:
//   buf <- g on the first step (or without momentum), else buf <- momentum buf + g;
//   update = -lr buf.
#include "optim/optimizer.h"

namespace descent {

inline void heavy_ball_step(const Vec& gradient, Scalar momentum, const StepContext& ctx, Vec& buf,
                            VecRef update) {
  if (ctx.step == 1 || momentum == 0) {
    buf = gradient;
  } else {
    buf = momentum * buf + gradient;
  }
  update = -static_cast<Scalar>(ctx.lr) * buf;
}

}  // namespace descent
