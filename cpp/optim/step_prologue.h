#pragma once
// How every gradient step of an Optimizer begins: the minibatch loss and gradient at a point,
// the raw gradient's norm (before clipping or noise, for the metrics), then the pre stage on
// the gradient. Optimizers that implement step() themselves start with this, so that the
// pre stage, the reported loss and StepContext::loss behave the same in all of them.
#include <cmath>

#include "optim/optimizer.h"

namespace descent {

// Loss and gradient at `at` into `gradient`, then the pre stage acting on it; `local`
// becomes ctx with this step's loss. Returns the loss and the raw gradient's norm.
inline StepResult start_gradient_step(Objective& objective, ConstVecRef at, VecRef gradient,
                                      Chain& pre, const StepContext& ctx, StepContext& local) {
  StepResult result;
  result.loss = objective.value_and_grad(at, gradient);
  result.grad_norm = std::sqrt(static_cast<double>(gradient.squaredNorm()));
  local = ctx;
  local.loss = result.loss;
  pre.update(gradient, at, local);
  return result;
}

// As above, the gradient kept in the optimizer's own buffer, which StepContext::gradient then
// points to (for post-stage transforms that compare the update with the gradient).
inline StepResult start_gradient_step(Objective& objective, ConstVecRef at, Vec& gradient,
                                      Chain& pre, const StepContext& ctx, StepContext& local) {
  const StepResult result = start_gradient_step(objective, at, VecRef(gradient), pre, ctx, local);
  local.gradient = &gradient;
  return result;
}

}  // namespace descent
