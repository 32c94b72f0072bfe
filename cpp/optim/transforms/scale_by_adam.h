#pragma once
// Adam's preconditioner, shared by Adam, AdamW and AMSGrad ("Adam: A Method for Stochastic
// Optimization", Kingma, Ba, 2015, Algorithm 1; AMSGrad from "On the Convergence of Adam and
// Beyond", Reddi, Kale, Kumar, 2018):
//   m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;  (AMSGrad: vmax <- max(vmax, v))
//   u = (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
#include <cmath>

#include "core/state_slots.h"
#include "optim/transform.h"
#include "optim/transforms/moments.h"

namespace descent {

class ScaleByAdam final : public Transform {
 public:
  ScaleByAdam(double beta1, double beta2, double eps, bool amsgrad)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)), amsgrad_(amsgrad) {}
  void init(const ParamLayout& layout) override {
    power_step_ = 0;
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    v_max_ = Vec::Zero(amsgrad_ ? layout.size : 0);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    update_moments(g, beta1_, beta2_, m_, v_);
    advance_powers(ctx.step);
    const auto step_size = static_cast<Scalar>(1.0 / (1.0 - beta1_power_));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1.0 - beta2_power_));
    if (amsgrad_) {
      v_max_ = v_max_.cwiseMax(v_);
      g.array() = step_size * (m_.array() / (v_max_.array().sqrt() / bc2_sqrt + eps_));
    } else {
      g.array() = step_size * (m_.array() / (v_.array().sqrt() / bc2_sqrt + eps_));
    }
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "v_max", v_max_, "power_step", power_step_, "beta1_power",
                beta1_power_, "beta2_power", beta2_power_);
  }

 private:
  // beta^t for the bias corrections. Steps come one after another, so one multiplication
  // each replaces two calls to pow (a sixth of a 2-D function step); any other step (the
  // first, or a caller that skips) recomputes them with pow. In double, t multiplications
  // drift by at most t/2 ulp: far below what survives the cast to float.
  void advance_powers(int step) {
    if (step == power_step_ + 1 && power_step_ > 0) {
      beta1_power_ *= beta1_;
      beta2_power_ *= beta2_;
    } else {
      beta1_power_ = std::pow(beta1_, step);
      beta2_power_ = std::pow(beta2_, step);
    }
    power_step_ = step;
  }

  double beta1_, beta2_;
  Scalar eps_;
  bool amsgrad_;
  Vec m_, v_, v_max_;
  int power_step_ = 0;
  double beta1_power_ = 1, beta2_power_ = 1;
};

}  // namespace descent
