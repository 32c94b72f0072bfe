#pragma once
#include "optim/transform.h"

namespace descent {

// Coupled L2 regularisation: g <- g + wd * p, before any preconditioning (PyTorch's
// weight_decay in SGD, Adam, RMSprop, ...).
class AddL2 final : public Transform {
 public:
  explicit AddL2(double weight_decay) : wd_(static_cast<Scalar>(weight_decay)) {}
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef params, const StepContext&) override {
    if (wd_ != 0) updates += wd_ * params;
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  Scalar wd_;
};

// Decoupled weight decay, "Decoupled Weight Decay Regularization" (Loshchilov, Hutter, 2019):
// the decay is applied to the parameters directly, scaled by the scheduled lr but not by the
// optimizer's preconditioner. As a post-stage transform: u <- u - lr * wd * p.
class DecoupledWeightDecay final : public Transform {
 public:
  explicit DecoupledWeightDecay(double weight_decay) : wd_(weight_decay) {}
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef params, const StepContext& ctx) override {
    if (wd_ != 0) updates -= static_cast<Scalar>(ctx.lr * wd_) * params;
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double wd_;
};

}  // namespace descent
