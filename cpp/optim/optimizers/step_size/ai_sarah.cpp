// AI-SARAH ("AI-SARAH: Adaptive and Implicit Stochastic Recursive Gradient Methods", Shi,
// Sadiev, Loizou, Richtarik, Takac, TMLR 2023), Algorithm 2 (the practical version).
//
// SARAH's recursive gradient estimate, v_t = grad f_S(w_t) - grad f_S(w_{t-1}) + v_{t-1}
// (both gradients on the same minibatch S), stepped along with an implicit step size: the
// alpha that makes the next estimate smallest, alpha~ ~ argmin_alpha ||grad f_S(w - alpha v)
// - grad f_S(w) + v||^2, by one Newton step from alpha = 0, capped by a slowly moving upper
// bound (a harmonic running mean of the alpha~):
//   alpha~ = |v^T H_S v| / ||H_S v||^2           (one Hessian-vector product at w, on S)
//   alpha_max = alpha~ on the first step, then 1 / (beta / alpha_max + (1 - beta) / alpha~)
//   w+ = w - lr min(alpha~, alpha_max) v
//   v+ = grad f_S(w+) - grad f_S(w) + v
// The inner loop restarts, v = grad f_S(w), once ||v||^2 < gamma ||v_0||^2 (v_0: the estimate
// at the loop's start).
// Differences from the paper, stated: (1) the paper starts each inner loop from the full
// gradient; here the objective is the current minibatch, so a restart uses the minibatch
// gradient (the full gradient when the run is full batch). (2) The paper's Newton step
// differentiates xi twice by automatic differentiation; here xi''(0) drops the third-derivative
// term, 2 ||H v||^2 (a Gauss-Newton step), and |v^T H v| keeps alpha~ positive under negative
// curvature. lr multiplies the step (1 = the method; the schedule scales it).
// Cost per step: 2 gradients (at w and w+, same minibatch) and 1 Hessian-vector product. The
// reported loss and gradient norm are those at w. The pre stage acts on both gradients
// (each with its own point), the post stage on the update.
#include <cmath>
#include <limits>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class AiSarah final : public Optimizer {
 public:
  AiSarah(double gamma, double beta) : gamma_(gamma), beta_(beta) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    for (Vec* x : {&estimate_, &here_, &there_, &hv_, &next_}) *x = Vec::Zero(layout.size);
    restart_ = true;
    alpha_max_ = std::numeric_limits<double>::infinity();
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, here_, pre_, ctx, local);
    if (restart_) {
      estimate_ = here_;
      start_norm2_ = static_cast<double>(estimate_.squaredNorm());
      restart_ = false;
    }
    objective.hvp(params, estimate_, hv_);
    const double curvature = std::abs(static_cast<double>(estimate_.dot(hv_)));
    const double hv2 = static_cast<double>(hv_.squaredNorm());
    double alpha = 0.0;
    if (hv2 > 0 && curvature > 0) {
      const double implicit = curvature / hv2;
      alpha_max_ =
          std::isinf(alpha_max_) ? implicit : 1.0 / (beta_ / alpha_max_ + (1.0 - beta_) / implicit);
      alpha = std::min(implicit, alpha_max_);
    }
    update = static_cast<Scalar>(-ctx.lr * alpha) * estimate_;
    next_ = params + update;
    objective.value_and_grad(next_, there_);
    pre_.update(there_, next_, local);
    local.gradient = &estimate_;
    estimate_ += there_ - here_;  // v+ = grad f_S(w+) - grad f_S(w) + v
    if (static_cast<double>(estimate_.squaredNorm()) < gamma_ * start_norm2_) restart_ = true;
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "estimate", estimate_, "here", here_, "there", there_, "restart", restart_,
                "start_norm2", start_norm2_, "alpha_max", alpha_max_);
  }

 private:
  double gamma_, beta_;
  Vec estimate_, here_, there_, hv_, next_;
  bool restart_ = true;
  double start_norm2_ = 0.0;
  double alpha_max_ = 0.0;
};

}  // namespace

OptimizerInfo ai_sarah_info() {
  OptimizerInfo info = describe("ai_sarah", "AI-SARAH", family::kStepSize);
  info.description =
      "SARAH's recursive gradient estimate with an implicit step size: the step that would make "
      "the next estimate smallest (one Newton step, from a Hessian-vector product), capped by "
      "a harmonic running mean of past steps; no learning rate to tune. 2 gradients and 1 HVP "
      "per step.";
  info.citation = {"AI-SARAH: Adaptive and Implicit Stochastic Recursive Gradient Methods",
                   "Shi, Sadiev, Loizou, Richtarik, Takac", 2023, "TMLR 2023"};
  info.params = {log_real("lr", 1.0, 1e-3, 10.0,
                          "Multiplier of the implicit step size; 1 is the method as published."),
                 log_real("gamma", 1.0 / 32, 1e-4, 1.0,
                          "Restart the inner loop when ||v||^2 < gamma ||v_0||^2."),
                 real("beta", 0.999, 0.0, 0.99999,
                      "Smoothing of the upper bound (harmonic running mean of the step sizes).")};
  info.gradients_per_step = 2;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<AiSarah>(p.get("gamma"), p.get("beta")));
  };
  return info;
}

}  // namespace descent
