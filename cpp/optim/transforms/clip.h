#pragma once
#include <cmath>

#include "optim/transform.h"

namespace descent {

// Rescales the whole update so its Euclidean norm is at most max_norm ("On the difficulty of
// training recurrent neural networks", Pascanu, Mikolov, Bengio, 2013). Same rule as PyTorch's
// clip_grad_norm_: scale = max_norm / (norm + 1e-6) when that is below 1.
class ClipByGlobalNorm final : public Transform {
 public:
  explicit ClipByGlobalNorm(double max_norm) : max_norm_(max_norm) {}
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef, const StepContext&) override {
    double norm = std::sqrt(static_cast<double>(updates.squaredNorm()));
    double scale = max_norm_ / (norm + 1e-6);
    if (scale < 1.0) updates *= static_cast<Scalar>(scale);
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double max_norm_;
};

// Clamps every coordinate to [-max_value, max_value].
class ClipByValue final : public Transform {
 public:
  explicit ClipByValue(double max_value) : max_(static_cast<Scalar>(max_value)) {}
  void init(const ParamLayout&) override {}
  void update(VecRef updates, ConstVecRef, const StepContext&) override {
    updates = updates.cwiseMax(-max_).cwiseMin(max_);
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  Scalar max_;
};

}  // namespace descent
