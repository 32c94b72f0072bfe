#include "optim/optimizer.h"

#include <cmath>

#include "optim/step_prologue.h"

namespace descent {

StepResult GradientOptimizer::step(Objective& objective, ConstVecRef params, VecRef update,
                                   const StepContext& ctx) {
  StepContext local;
  const StepResult result = start_gradient_step(objective, params, update, pre_, ctx, local);
  gradient_ = update;
  local.gradient = &gradient_;
  chain_.update(update, params, local);
  post_.update(update, params, local);
  return result;
}

namespace hp {
ParamSpec lr(double default_value) {
  return log_real("lr", default_value, 1e-6, 10.0, "Learning rate: the step size.");
}
ParamSpec weight_decay(double default_value) {
  return real("weight_decay", default_value, 0.0, 10.0, "Weight decay coefficient.");
}
ParamSpec beta1(double default_value) {
  return real("beta1", default_value, 0.0, 0.9999,
              "Decay rate of the first-moment (momentum) average.");
}
ParamSpec beta2(double default_value) {
  return real("beta2", default_value, 0.0, 0.999999,
              "Decay rate of the second-moment (squared gradient) average.");
}
ParamSpec eps(double default_value) {
  return log_real("eps", default_value, 1e-16, 1.0,
                  "Added to the denominator for numerical stability.");
}
ParamSpec momentum(double default_value) {
  return real("momentum", default_value, 0.0, 0.9999, "Momentum factor.");
}
}  // namespace hp

}  // namespace descent
