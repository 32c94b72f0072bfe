// Gravity ("Gravity Optimizer: a Kinematic Approach on Optimization in Deep Learning",
// Bahrami, Zadeh, 2021, Algorithm 1, in the form of the authors' Keras code): per tensor,
// with M = 1 / max|g|, the step is the horizontal displacement of a ball on a slope of
// gradient g, zeta = g / (1 + (g / M)^2), which shrinks again for very steep slopes; it is
// averaged into a velocity with a weight that approaches beta:
//   beta_hat = (beta t' + 1) / (t' + 2)  with t' = t - 1 (0 on the first step)
//   V <- beta_hat V + (1 - beta_hat) zeta;  w <- w - lr V
// V starts as N(0, (alpha / lr)^2) noise, drawn from the run's optimizer stream on the first
// step (coordinate order; lr is the base rate, before any schedule). A zero gradient tensor
// gives zeta = 0 (the limit of the formula).
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ScaleByGravity final : public Transform {
 public:
  ScaleByGravity(double lr, double alpha, double beta) : init_std_(alpha / lr), beta_(beta) {}
  void init(const ParamLayout& layout) override {
    v_ = Vec::Zero(layout.size);
    started_ = false;
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    if (!started_) {
      started_ = true;
      if (ctx.rng != nullptr) {
        for (Eigen::Index i = 0; i < v_.size(); ++i) {
          v_[i] = static_cast<Scalar>(ctx.rng->normal(0.0, init_std_));
        }
      }
    }
    const double t = ctx.step - 1;
    const auto beta_hat = static_cast<Scalar>((beta_ * t + 1.0) / (t + 2.0));
    adaptive::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& s) {
      auto gs = g.segment(s.offset, s.size());
      const Scalar max_abs = gs.cwiseAbs().maxCoeff();
      for (Eigen::Index i = 0; i < gs.size(); ++i) {
        const Scalar x = gs[i] * max_abs;  // g / M
        const Scalar zeta = gs[i] / (Scalar(1) + x * x);
        Scalar& v = v_[s.offset + i];
        v = beta_hat * v + (Scalar(1) - beta_hat) * zeta;
        gs[i] = v;
      }
    });
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "v", v_, "started", started_); }

 private:
  double init_std_, beta_;
  Vec v_;
  bool started_ = false;
};

}  // namespace

OptimizerInfo gravity_info() {
  OptimizerInfo info = describe("gravity", "Gravity", family::kAdaptive);
  info.description =
      "Moves like a ball on an incline: the step g / (1 + (g max|g|)^2) grows with the slope "
      "and then shrinks on very steep ones, averaged into a velocity that starts as noise.";
  info.citation = {"Gravity Optimizer: a Kinematic Approach on Optimization in Deep Learning",
                   "Bahrami, Zadeh", 2021, "arXiv:2101.09192"};
  info.params = {hp::lr(0.1),
                 log_real("alpha", 0.01, 1e-6, 1.0,
                          "Scale of the initial velocity noise: V0 ~ N(0, (alpha / lr)^2)."),
                 real("beta", 0.9, 0.0, 0.9999, "Limit of the velocity's averaging weight.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByGravity>(p.get("lr"), p.get("alpha"), p.get("beta")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
