// AdaBound and AMSBound ("Adaptive Gradient Methods with Dynamic Bound of Learning Rate",
// Luo, Xiong, Liu, Sun, 2019), Algorithm 2 (AdaBound) and Algorithm 3 (AMSBound), in the
// form of the authors' code: Adam's per-coordinate step size is clipped into a band
// [eta_l(t), eta_u(t)] that starts wide (Adam) and closes on final_lr (SGD):
//   eta = clip(lr sqrt(1 - b2^t) / (1 - b1^t) / (sqrt(v) + eps), eta_l(t), eta_u(t))
//   eta_l(t) = final_lr (1 - 1 / (gamma t + 1)),  eta_u(t) = final_lr (1 + 1 / (gamma t))
//   update = -eta * m  (m not bias-corrected: its correction is in the step size)
// As in the authors' code, final_lr follows the learning-rate schedule: the band at step t is
// final_lr * lr_t / lr. AMSBound uses the running maximum of v. Weight decay is coupled L2.
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/moments.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// Outputs eta * m / lr_t, so that ScaleByLearningRate turns it into -eta * m.
class ScaleByBoundedAdam final : public Transform {
 public:
  ScaleByBoundedAdam(double beta1, double beta2, double eps, double lr, double final_lr,
                     double gamma, bool amsbound)
      : beta1_(beta1),
        beta2_(beta2),
        eps_(static_cast<Scalar>(eps)),
        final_ratio_(final_lr / lr),
        gamma_(gamma),
        amsbound_(amsbound) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    v_max_ = Vec::Zero(amsbound_ ? layout.size : 0);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    update_moments(g, beta1_, beta2_, m_, v_);
    if (amsbound_) v_max_ = v_max_.cwiseMax(v_);
    const double t = ctx.step;
    const auto step_size =
        static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
    const auto lower = static_cast<Scalar>(final_ratio_ * (1.0 - 1.0 / (gamma_ * t + 1.0)));
    const auto upper = static_cast<Scalar>(final_ratio_ * (1.0 + 1.0 / (gamma_ * t)));
    const Vec& v = amsbound_ ? v_max_ : v_;
    g.array() = (step_size / (v.array().sqrt() + eps_)).max(lower).min(upper) * m_.array();
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_, "v_max", v_max_); }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  double final_ratio_, gamma_;
  bool amsbound_;
  Vec m_, v_, v_max_;
};

std::vector<ParamSpec> bound_params() {
  return {hp::lr(1e-3),
          hp::beta1(),
          hp::beta2(),
          log_real("final_lr", 0.1, 1e-5, 10.0,
                   "The SGD step size both bounds converge to (scaled with the schedule)."),
          log_real("gamma", 1e-3, 1e-6, 1.0, "Convergence speed of the bounds."),
          hp::eps(1e-8),
          hp::weight_decay(0.0)};
}

OptimizerInfo bound_info(const char* name, const char* title, bool amsbound) {
  OptimizerInfo info = describe(name, title, family::kAdaptive);
  info.citation = {"Adaptive Gradient Methods with Dynamic Bound of Learning Rate",
                   "Luo, Xiong, Liu, Sun", 2019, "ICLR 2019"};
  info.params = bound_params();
  info.make = [amsbound](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByBoundedAdam>(
                               p.get("beta1"), p.get("beta2"), p.get("eps"), p.get("lr"),
                               p.get("final_lr"), p.get("gamma"), amsbound),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace

OptimizerInfo adabound_info() {
  OptimizerInfo info = bound_info("adabound", "AdaBound", false);
  info.description =
      "Adam with each coordinate's step size clipped into a band that tightens over time "
      "around final_lr: starts like Adam, ends like SGD.";
  return info;
}

OptimizerInfo amsbound_info() {
  OptimizerInfo info = bound_info("amsbound", "AMSBound", true);
  info.description =
      "AMSGrad (running maximum of the second moment) with each coordinate's step size "
      "clipped into a band that closes on final_lr.";
  return info;
}

}  // namespace descent
