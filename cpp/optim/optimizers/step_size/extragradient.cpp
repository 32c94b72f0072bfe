// Extragradient and optimistic gradient: steps that look ahead, for rotational (game-like)
// gradient fields where plain gradient steps circle or spiral outward.
//
// Extragradient ("The extragradient method for finding saddle points and other problems",
// Korpelevich, 1976): with F the gradient field,
//   x_half = x_t - lr F(x_t),   x_{t+1} = x_t - lr F(x_half).
// Two gradients per step. The reported loss and gradient norm are those at x_t. The pre stage
// acts on both gradients (each with the point where it was taken as parameters), the post
// stage on the final update.
//
// Optimistic gradient ("Training GANs with Optimism", Daskalakis, Ilyas, Syrgkanis, Zeng,
// 2018; Popov's past-extragradient method, 1980):
//   x_{t+1} = x_t - lr (2 F(x_t) - F(x_{t-1})),
// one gradient per step, reusing the previous one as the prediction of the next. F(x_0) is
// taken as 0, so the first step is -2 lr F(x_1): Popov's method started from
// x_half_0 = x_0, and optax's optimistic_gradient_descent.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ExtragradientOptimizer final : public Optimizer {
 public:
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    half_ = Vec::Zero(layout.size);
    gradient_ = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, update, pre_, ctx, local);
    const auto lr = static_cast<Scalar>(ctx.lr);
    half_ = params - lr * update;  // the extrapolation step
    objective.value_and_grad(half_, gradient_);
    pre_.update(gradient_, half_, local);
    local.gradient = &gradient_;
    update = -lr * gradient_;
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& /*v*/) override {}

 private:
  Vec half_, gradient_;
};

// u = 2 g_t - g_{t-1}, with g_0 = 0.
class ScaleByOptimism final : public Transform {
 public:
  void init(const ParamLayout& layout) override { prev_ = Vec::Zero(layout.size); }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      const Scalar gi = g[i];
      g[i] = Scalar(2) * gi - prev_[i];
      prev_[i] = gi;
    }
  }

  void visit_state(StateVisitor& v) override { v.slot("prev", prev_); }

 private:
  Vec prev_;
};

}  // namespace

OptimizerInfo extragradient_info() {
  OptimizerInfo info = describe("extragradient", "Extragradient", family::kExtrapolation);
  info.description =
      "Takes a trial gradient step, then steps from the original point with the gradient "
      "found at the trial point; converges on rotational (min-max) fields where gradient "
      "steps spiral outward. Two gradients per step.";
  info.citation = {"The extragradient method for finding saddle points and other problems",
                   "Korpelevich", 1976, "Ekonomika i Matematicheskie Metody 12"};
  info.params = {hp::lr(0.01)};
  info.gradients_per_step = 2;
  info.make = [](const ParamValues&) {
    return std::unique_ptr<Optimizer>(std::make_unique<ExtragradientOptimizer>());
  };
  return info;
}

OptimizerInfo optimistic_gradient_info() {
  OptimizerInfo info =
      describe("optimistic_gradient", "Optimistic gradient", family::kExtrapolation);
  info.description =
      "Steps along 2 g_t - g_{t-1}: the last gradient predicts the next one, an extragradient "
      "step that reuses the previous gradient instead of computing a second.";
  info.citation = {"Training GANs with Optimism", "Daskalakis, Ilyas, Syrgkanis, Zeng", 2018,
                   "ICLR 2018"};
  info.params = {hp::lr(0.01)};
  info.make = [](const ParamValues&) {
    return chain_optimizer(make_transform<ScaleByOptimism>(),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
