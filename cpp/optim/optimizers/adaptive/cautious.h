#pragma once
// Cautious masking ("Cautious Optimizers: Improving Training with One Line of Code", Liang,
// Chen, Liu, Liu, 2024, Algorithm 1): keep only the update coordinates whose sign agrees with
// the current gradient, phi = 1[u * g > 0], and rescale the kept ones by the inverse of the
// kept fraction, u <- u * phi / mean(phi), so the average step size is preserved. The mean is
// taken per tensor, as the reference PyTorch line acts per parameter tensor (the 2-D point of
// a function problem is one tensor). The paper writes mean(phi) + eps only to guard against
// an empty mask; here an empty mask simply gives a zero update for that tensor.
//
// `after_lr` selects the sign convention: inside a chain before ScaleByLearningRate the
// update is a descent direction (agrees when u * g > 0); as a post-stage transform it is the
// final update added to the parameters (agrees when u * g < 0).
#include "optim/optimizers/adaptive/adaptive.h"

namespace descent::adaptive {

class Cautious final : public Transform {
 public:
  explicit Cautious(bool after_lr) : after_lr_(after_lr) {}
  void init(const ParamLayout&) override {}
  void update(VecRef u, ConstVecRef, const StepContext& ctx) override {
    if (ctx.gradient == nullptr) return;  // no gradient to compare with: leave u unchanged
    const Vec& g = *ctx.gradient;
    const Scalar sense = after_lr_ ? Scalar(-1) : Scalar(1);
    for_each_tensor(ctx, static_cast<int>(u.size()), [&](const TensorSlice& t) {
      int kept = 0;
      for (int i = t.offset; i < t.offset + t.size(); ++i) {
        if (sense * u[i] * g[i] > 0) {
          ++kept;
        } else {
          u[i] = 0;
        }
      }
      if (kept > 0 && kept < t.size()) {
        u.segment(t.offset, t.size()) *= static_cast<Scalar>(static_cast<double>(t.size()) / kept);
      }
    });
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  bool after_lr_;
};

}  // namespace descent::adaptive
