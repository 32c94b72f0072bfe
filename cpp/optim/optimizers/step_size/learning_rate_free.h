#pragma once
// The learning-rate-free optimizers of this folder (Prodigy, D-Adaptation's Adam and SGD)
// share a shape: one gradient per step, and a scalar estimate d of the distance from the
// starting point to the solution that sets the step size (the `lr` hyperparameter only
// multiplies it). LearningRateFree runs the gradient and the pre/post stages; subclasses
// write the step and keep d, which tests read through d_estimate().
#include <cmath>

#include "catalog/spec.h"
#include "optim/optimizer.h"
#include "optim/step_prologue.h"

namespace descent {

class LearningRateFree : public Optimizer {
 public:
  // The current estimate d (d0 before the first step).
  double d_estimate() const { return d_; }

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    init_state(layout);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, update, pre_, ctx, local);
    gradient_ = update;
    local.gradient = &gradient_;
    descend(update, params, local);
    post_.update(update, params, local);
    return result;
  }

 protected:
  void visit_own_state(StateVisitor& v) final {
    v.slot("d", d_);
    visit_estimator_state(v);
  }
  // The subclass's slots besides d.
  virtual void visit_estimator_state(StateVisitor& v) = 0;
  // Sizes the state and sets d_ = d0.
  virtual void init_state(const ParamLayout& layout) = 0;
  // On entry `update` holds the gradient (after the pre stage); on exit the update to add
  // to the parameters. ctx.lr is the scheduled multiplier of d.
  virtual void descend(VecRef update, ConstVecRef params, const StepContext& ctx) = 0;

  double d_ = 0.0;

 private:
  Vec gradient_;
};

// sum_i a_i b_i and sum_i |a_i|, accumulated in double (the scalars behind d stay exact
// enough in float32 runs; the reduction order is fixed for a build).
inline double dot_double(ConstVecRef a, ConstVecRef b) {
  return a.cast<double>().dot(b.cast<double>());
}
inline double l1_double(ConstVecRef a) { return a.cast<double>().cwiseAbs().sum(); }

namespace lr_free {

// Adam's bias correction folded into the step size, sqrt(1 - beta2^k) / (1 - beta1^k), when
// `on` (the authors' use_bias_correction); 1 otherwise.
inline double adam_bias_correction(bool on, double beta1, double beta2, int k) {
  return on ? std::sqrt(1.0 - std::pow(beta2, k)) / (1.0 - std::pow(beta1, k)) : 1.0;
}

// The hyperparameters every method of this folder has: lr scales the learnt d, d0 starts it.
inline ParamSpec lr_multiplier() {
  return log_real("lr", 1.0, 1e-3, 10.0,
                  "Multiplier of the learnt step size d; 1 is the method as published.");
}
inline ParamSpec initial_d() {
  return log_real("d0", 1e-6, 1e-12, 1.0, "Initial estimate d0 of the distance to the solution.");
}

}  // namespace lr_free
}  // namespace descent
