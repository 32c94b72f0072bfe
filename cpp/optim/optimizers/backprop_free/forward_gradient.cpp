// Forward gradient: SGD along an unbiased estimate of the gradient built from one
// directional derivative, with no backward pass.
//
// "Can Forward Gradient Match Backpropagation?" (Fournier, Rivaud, Belilovsky, Eickenberg,
// Oyallon, 2023) writes the forward gradient as g_hat = (grad L . v) v for a guess direction v
// and compares guesses; this is its plain weight-perturbation variant with a random guess
// v ~ N(0, I) over all parameters ("Gradients without Backpropagation", Baydin, Pearlmutter,
// Syme, Wood, Torr, 2022), not the local-loss guesses the paper finds better. Since
// E[v v^T] = I, E[g_hat] = grad L: unbiased, with a variance that grows with the number of
// parameters. The step is -lr g_hat.
//
// The directional derivative comes from Objective::directional_derivative: on a network, one
// forward pass gives the loss and dL/d(outputs), one R-operator forward pass gives J v, and
// grad L . v = <dL/d(outputs), J v> (plus the penalties' local derivative); no parameter
// gradient is formed. A 2-D function has no forward mode here: its analytic gradient is taken
// and dotted with v (the same number; in 2-D it costs no more). v is drawn from the run's
// optimizer stream (standard normals, rounded to float32, in parameter order), so a run is
// reproducible bit for bit. The pre stage acts on g_hat as on a gradient, the post stage on
// the update; the reported gradient norm is that of g_hat.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

class ForwardGradient final : public Optimizer {
 public:
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    direction_ = Vec::Zero(layout.size);
    estimate_ = Vec::Zero(layout.size);
    scratch_ = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    for (Eigen::Index i = 0; i < direction_.size(); ++i) {
      direction_[i] = static_cast<Scalar>(ctx.rng->normal());
    }
    StepResult result;
    const double derivative =
        objective.directional_derivative(params, direction_, result.loss, scratch_);
    estimate_ = static_cast<Scalar>(derivative) * direction_;
    result.grad_norm = std::sqrt(static_cast<double>(estimate_.squaredNorm()));
    StepContext local = ctx;
    local.loss = result.loss;
    pre_.update(estimate_, params, local);
    local.gradient = &estimate_;
    update = static_cast<Scalar>(-ctx.lr) * estimate_;
    post_.update(update, params, local);
    return result;
  }

  // The direction is drawn afresh from the run's stream every step: no state of its own.
  void visit_own_state(StateVisitor& /*v*/) override {}

 private:
  Vec direction_, estimate_;
  Vec scratch_;  // the gradient, where the objective has no forward mode (2-D functions)
};

}  // namespace

OptimizerInfo forward_gradient_info() {
  OptimizerInfo info = describe("forward_gradient", "Forward gradient", family::kBackpropFree);
  info.description =
      "SGD along (grad L . v) v for a fresh random direction v ~ N(0, I): the directional "
      "derivative comes from one forward-mode Jacobian-vector product (on a network one "
      "R-operator forward pass, no backward pass; on a 2-D function the analytic gradient "
      "dotted with v). Unbiased, but its variance grows with the number of parameters. The "
      "paper's plain weight-perturbed forward gradient with random guesses (as in Baydin et "
      "al., 2022, \"Gradients without Backpropagation\"), not its local-loss guesses. Cost: one "
      "forward pass and one JVP per step.";
  info.citation = {"Can Forward Gradient Match Backpropagation?",
                   "Fournier, Rivaud, Belilovsky, Eickenberg, Oyallon", 2023, "ICML 2023"};
  info.params = {hp::lr(0.01)};
  info.gradients_per_step = 0;
  info.jvps_per_step = 1;
  info.make = [](const ParamValues&) {
    return std::unique_ptr<Optimizer>(std::make_unique<ForwardGradient>());
  };
  return info;
}

}  // namespace descent
