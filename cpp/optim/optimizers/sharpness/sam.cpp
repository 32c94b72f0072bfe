// Sharpness-aware steps: SAM and finite-difference gradient-norm regularisation (GNR).
//
// SAM ("Sharpness-Aware Minimization for Efficiently Improving Generalization", Foret,
// Kleiner, Mobahi, Neyshabur, ICLR 2021, Algorithm 1 with p = 2):
//   g1 = grad L(w),  e = rho g1 / ||g1||,  g = grad L(w + e),
// and the base optimizer steps with g. Our base optimizer is SGD with heavy-ball momentum in
// PyTorch's convention (buf = g on the first step, buf = momentum buf + g after; update
// -lr buf), the setting of the paper's experiments (momentum 0.9). ||g1|| is the norm of the
// whole parameter vector (the paper's global perturbation); if it is 0, e = 0.
//
// GNR ("Penalizing Gradient Norm for Efficiently Improving Generalization in Deep
// Learning", Zhao, Zhang, Hu, ICML 2022, Algorithm 1): the gradient of
// L(w) + lambda ||grad L(w)|| by a finite difference along g1 / ||g1|| with step r:
//   g = (1 - alpha) g1 + alpha grad L(w + r g1 / ||g1||),   alpha = lambda / r,
// so alpha = 1 is SAM. Same momentum base.
//
// Both take two gradients per step. The reported loss and gradient norm are those at w. The
// pre stage acts on both gradients (each with the point where it was taken as parameters),
// as for extragradient; stateful pre stages therefore see two gradients per step. The post
// stage acts on the final update.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/sharpness/heavy_ball.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class SharpnessAwareOptimizer final : public Optimizer {
 public:
  SharpnessAwareOptimizer(double rho, double alpha, double momentum)
      : rho_(rho), alpha_(static_cast<Scalar>(alpha)), momentum_(static_cast<Scalar>(momentum)) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    perturbed_ = Vec::Zero(layout.size);
    first_ = Vec::Zero(layout.size);
    gradient_ = Vec::Zero(layout.size);
    buf_ = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, first_, pre_, ctx, local);
    const double norm = std::sqrt(static_cast<double>(first_.squaredNorm()));
    const auto scale = static_cast<Scalar>(norm > 0 ? rho_ / norm : 0.0);
    perturbed_ = params + scale * first_;
    objective.value_and_grad(perturbed_, gradient_);
    pre_.update(gradient_, perturbed_, local);
    if (alpha_ != Scalar(1)) gradient_ = (Scalar(1) - alpha_) * first_ + alpha_ * gradient_;
    local.gradient = &gradient_;
    heavy_ball_step(gradient_, momentum_, ctx, buf_, update);
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override { v.slot("buf", buf_); }

 private:
  double rho_;
  Scalar alpha_, momentum_;
  Vec perturbed_, first_, gradient_, buf_;
};

}  // namespace

OptimizerInfo sam_info() {
  OptimizerInfo info = describe("sam", "SAM", family::kSharpness);
  info.description =
      "Takes the gradient at the worst nearby point w + rho g/||g|| (a step of length rho up "
      "the gradient) and steps with it from w (SGD with momentum), seeking flat minima. Two "
      "gradients per step.";
  info.citation = {"Sharpness-Aware Minimization for Efficiently Improving Generalization",
                   "Foret, Kleiner, Mobahi, Neyshabur", 2021, "ICLR 2021"};
  info.params = {hp::lr(0.01), log_real("rho", 0.05, 1e-4, 10.0, "Radius of the perturbation."),
                 hp::momentum(0.9)};
  info.gradients_per_step = 2;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<SharpnessAwareOptimizer>(p.get("rho"), 1.0, p.get("momentum")));
  };
  return info;
}

OptimizerInfo gradient_norm_regularization_info() {
  OptimizerInfo info =
      describe("gradient_norm_regularization", "Gradient-norm regularisation", family::kSharpness);
  info.description =
      "Descends L + lambda ||grad L||, with the penalty's gradient by a finite difference: "
      "mixes the gradient at w and at w + r g/||g|| with weight alpha = lambda / r (alpha = "
      "1 is SAM); SGD with momentum. Two gradients per step.";
  info.citation = {
      "Penalizing Gradient Norm for Efficiently Improving Generalization in Deep Learning",
      "Zhao, Zhang, Hu", 2022, "ICML 2022"};
  info.params = {hp::lr(0.01),
                 log_real("r", 0.01, 1e-4, 10.0, "Finite-difference step along g/||g||."),
                 real("alpha", 0.8, 0.0, 1.0,
                      "Weight of the perturbed gradient, lambda / r (lambda: penalty weight)."),
                 hp::momentum(0.9)};
  info.gradients_per_step = 2;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<SharpnessAwareOptimizer>(p.get("r"), p.get("alpha"), p.get("momentum")));
  };
  return info;
}

}  // namespace descent
