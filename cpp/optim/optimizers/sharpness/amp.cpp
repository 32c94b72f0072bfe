// Adversarial model perturbation ("Regularizing Neural Networks via Adversarial Model
// Perturbation", Zheng, Zhang, Mao, CVPR 2021), Algorithm 1 with one inner step (the
// authors' code's default, inner_iter = 1):
//   g0 = grad L(w),   Delta = inner_lr g0,  projected onto the ball ||Delta|| <= epsilon
//   g  = grad L(w + Delta)
// then SGD with heavy-ball momentum (PyTorch convention) steps from w along g: the gradient
// of the AMP loss max_{||Delta|| <= epsilon} L(w + Delta), the empirical risk at the worst
// nearby model, approximated by one projected ascent step. Unlike SAM (a step of fixed
// length rho), the ascent step is inner_lr g0 and only clipped to epsilon: where gradients
// are small the perturbation shrinks with them. The ball is over the whole parameter vector,
// as in the authors' code. Two gradients per step; the reported loss and gradient norm are
// those at w, the pre stage acts on both gradients (each with its own point), the post stage
// on the update.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/sharpness/heavy_ball.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class AdversarialModelPerturbation final : public Optimizer {
 public:
  AdversarialModelPerturbation(double epsilon, double inner_lr, double momentum)
      : epsilon_(epsilon), inner_lr_(inner_lr), momentum_(static_cast<Scalar>(momentum)) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    for (Vec* v : {&first_, &gradient_, &perturbed_, &buf_}) *v = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, first_, pre_, ctx, local);
    // Delta = inner_lr g0, scaled back onto the epsilon-ball if it leaves it.
    const double length = inner_lr_ * std::sqrt(static_cast<double>(first_.squaredNorm()));
    const double scale = length > epsilon_ ? inner_lr_ * epsilon_ / length : inner_lr_;
    perturbed_ = params + static_cast<Scalar>(scale) * first_;
    objective.value_and_grad(perturbed_, gradient_);
    pre_.update(gradient_, perturbed_, local);
    local.gradient = &gradient_;
    heavy_ball_step(gradient_, momentum_, ctx, buf_, update);
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override { v.slot("buf", buf_); }

 private:
  double epsilon_, inner_lr_;
  Scalar momentum_;
  Vec first_, gradient_, perturbed_, buf_;
};

}  // namespace

OptimizerInfo amp_info() {
  OptimizerInfo info = describe("amp", "Adversarial model perturbation", family::kSharpness);
  info.description =
      "Takes the gradient at the worst nearby model: one ascent step inner_lr g, projected "
      "into the ball of radius epsilon, then steps from w with the gradient found there (SGD "
      "with momentum). Two gradients per step.";
  info.citation = {"Regularizing Neural Networks via Adversarial Model Perturbation",
                   "Zheng, Zhang, Mao", 2021, "CVPR 2021"};
  info.params = {hp::lr(0.01),
                 log_real("epsilon", 0.5, 1e-4, 10.0, "Radius of the perturbation ball."),
                 log_real("inner_lr", 1.0, 1e-3, 100.0, "Step size of the inner ascent step."),
                 hp::momentum(0.9)};
  info.gradients_per_step = 2;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<AdversarialModelPerturbation>(
        p.get("epsilon"), p.get("inner_lr"), p.get("momentum")));
  };
  return info;
}

}  // namespace descent
