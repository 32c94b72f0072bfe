#pragma once
#include "optim/transform.h"

namespace descent {

// updates <- -lr * updates: the last link of every gradient-descent chain.
class ScaleByLearningRate final : public Transform {
 public:
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef, const StepContext& ctx) override {
    updates *= static_cast<Scalar>(-ctx.lr);
  }
  void visit_state(StateVisitor& /*v*/) override {}
};

// updates <- factor * updates.
class Scale final : public Transform {
 public:
  explicit Scale(double factor) : factor_(static_cast<Scalar>(factor)) {}
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef, const StepContext&) override { updates *= factor_; }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  Scalar factor_;
};

}  // namespace descent
