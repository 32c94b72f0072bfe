// Positive-negative momentum ("Positive-Negative Momentum: Manipulating Stochastic Gradient
// Noise to Improve Generalization", Xie, Yuan, Zhu, Sugiyama, 2021, Algorithm 1, PNM):
// two momentum buffers, each fed by every other gradient; the step combines the one updated
// this step (positively) with the other (negatively), which enlarges the gradient noise while
// keeping the mean direction, normalised so that the step size does not depend on beta0:
//   m_t = beta1^2 m_{t-2} + (1 - beta1^2) g_t
//   theta_t = theta_{t-1} - lr ((1 + beta0) m_t - beta0 m_{t-1}) / sqrt((1 + beta0)^2 + beta0^2)
// No bias correction (as in the paper and the authors' code); decoupled weight decay.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByPnm final : public Transform {
 public:
  ScaleByPnm(double beta1, double beta0) : beta1_(beta1), beta0_(beta0) {}
  void init(const ParamLayout& layout) override {
    odd_ = Vec::Zero(layout.size);
    even_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    Vec& pos = ctx.step % 2 == 1 ? odd_ : even_;
    const Vec& neg = ctx.step % 2 == 1 ? even_ : odd_;
    const double b1sq = beta1_ * beta1_;
    pos = static_cast<Scalar>(b1sq) * pos + static_cast<Scalar>(1 - b1sq) * g;
    const double noise_norm = std::sqrt((1 + beta0_) * (1 + beta0_) + beta0_ * beta0_);
    g = static_cast<Scalar>((1 + beta0_) / noise_norm) * pos -
        static_cast<Scalar>(beta0_ / noise_norm) * neg;
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "odd", odd_, "even", even_); }

 private:
  double beta1_, beta0_;
  Vec odd_, even_;
};

}  // namespace

OptimizerInfo pnm_info() {
  OptimizerInfo info = describe("pnm", "PNM", family::kClassic);
  info.description =
      "Two momentum buffers fed by alternate gradients; the step is (1+beta0) times the "
      "current one minus beta0 times the other, which amplifies gradient noise for flatter "
      "minima.";
  info.citation = {
      "Positive-Negative Momentum: Manipulating Stochastic Gradient Noise to "
      "Improve Generalization",
      "Xie, Yuan, Zhu, Sugiyama", 2021, "ICML 2021"};
  info.params = {hp::lr(0.01),
                 real("beta1", 0.9, 0.0, 0.9999,
                      "Momentum: each buffer decays by beta1^2 per update (every other step)."),
                 real("beta0", 1.0, 0.0, 10.0,
                      "Positive-negative coefficient: the noise amplification (0 gives plain "
                      "momentum on alternate gradients)."),
                 hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByPnm>(p.get("beta1"), p.get("beta0")),
                           make_transform<ScaleByLearningRate>(),
                           make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
