// D-Adaptation for Adam: Adam whose step size d is learnt as a lower bound on the distance
// to the solution, no learning rate to tune.
//
// "Learning-Rate-Free Learning by D-Adaptation" (Defazio, Mishchenko, 2023), Algorithm 3
// (Adam), as in the authors' code (facebookresearch/dadaptation, DAdaptAdam): with lambda = lr
// (the run's scheduled multiplier), b = sqrt(b2) and k = 1, 2, ...
//   dlr = d_k lambda                             (times sqrt(1-b2^k)/(1-b1^k) with bias correction)
//   r   <- b r + (1 - b) dlr <g, s / (sqrt(v) + eps)>   (s and v from the previous step)
//   m   <- b1 m + dlr (1 - b1) g                 v <- b2 v + (1 - b2) g^2
//   s   <- b s + dlr (1 - b) g
//   d_{k+1} = max(d_k, r / ((1 - b) ||s||_1))
//   x   <- x - m / (sqrt(v) + eps)               (decoupled decay: - wd dlr x)
// The step is taken with the d of the moments (d_k, inside m); d_{k+1} applies from the next
// step. The code's growth_rate (default inf) and layer_scale (default 1) are not exposed.
// Cost: one gradient per step; state m, v, s (3 vectors).
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/step_size/learning_rate_free.h"

namespace descent {
namespace {

struct DAdaptAdamOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  bool decouple = false, bias_correction = false;
  double d0 = 1e-6;
};

class DAdaptAdam final : public LearningRateFree {
 public:
  explicit DAdaptAdam(const DAdaptAdamOptions& o) : o_(o) {}

  void visit_estimator_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "s", s_, "numerator", numerator_, "k", k_);
  }

 protected:
  void init_state(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    s_ = Vec::Zero(layout.size);
    ratio_ = Vec::Zero(layout.size);
    d_ = o_.d0;
    numerator_ = 0.0;
    k_ = 0;
  }

  void descend(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    ++k_;
    const double lr = ctx.lr;
    const double bias_correction =
        lr_free::adam_bias_correction(o_.bias_correction, o_.beta1, o_.beta2, k_);
    const double dlr = d_ * lr * bias_correction;
    const double b = std::sqrt(o_.beta2);
    const auto eps = static_cast<Scalar>(o_.eps);
    if (o_.weight_decay != 0 && !o_.decouple) g += static_cast<Scalar>(o_.weight_decay) * x;

    double accumulated = 0.0, s_l1 = 0.0;
    if (lr > 0) {
      ratio_.array() = s_.array() / (v_.array().sqrt() + eps);
      accumulated = dlr * dot_double(g, ratio_);
      m_ = static_cast<Scalar>(o_.beta1) * m_ + static_cast<Scalar>(dlr * (1 - o_.beta1)) * g;
      v_.array() = static_cast<Scalar>(o_.beta2) * v_.array() +
                   static_cast<Scalar>(1 - o_.beta2) * g.array().square();
      s_ = static_cast<Scalar>(b) * s_ + static_cast<Scalar>(dlr * (1 - b)) * g;
      s_l1 = l1_double(s_);
    }
    if (s_l1 == 0.0) {  // no gradient yet (or lr = 0): no step, as the authors' code
      g.setZero();
      return;
    }
    numerator_ = b * numerator_ + (1 - b) * accumulated;
    if (lr > 0) d_ = std::max(d_, numerator_ / ((1 - b) * s_l1));

    g.array() = -m_.array() / (v_.array().sqrt() + eps);
    if (o_.weight_decay != 0 && o_.decouple) g -= static_cast<Scalar>(o_.weight_decay * dlr) * x;
  }

 private:
  DAdaptAdamOptions o_;
  Vec m_, v_, s_, ratio_;
  double numerator_ = 0.0;
  int k_ = 0;
};

}  // namespace

OptimizerInfo dadapt_adam_info() {
  OptimizerInfo info = describe("dadapt_adam", "D-Adapt Adam", family::kStepSize);
  info.description =
      "Learning-rate-free Adam: the step size d is a running lower bound on the distance "
      "from the start to the solution, computed from the gradients seen so far; it only "
      "grows (lr only scales d).";
  info.citation = {"Learning-Rate-Free Learning by D-Adaptation", "Defazio, Mishchenko", 2023,
                   "ICML 2023"};
  info.params = {
      lr_free::lr_multiplier(),
      hp::beta1(),
      hp::beta2(),
      hp::eps(1e-8),
      hp::weight_decay(0.0),
      boolean("decouple", false, "Decoupled (AdamW-style) weight decay; off: L2 on the gradient."),
      boolean("use_bias_correction", false, "Adam's bias correction on the step size."),
      lr_free::initial_d(),
  };
  info.make = [](const ParamValues& p) -> std::unique_ptr<Optimizer> {
    DAdaptAdamOptions o;
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    o.decouple = p.get_bool("decouple");
    o.bias_correction = p.get_bool("use_bias_correction");
    o.d0 = p.get("d0");
    return std::make_unique<DAdaptAdam>(o);
  };
  return info;
}

}  // namespace descent
