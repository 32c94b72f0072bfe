// GAM: gradient-norm aware minimisation ("Gradient Norm Aware Minimization Seeks First-Order
// Flatness and Improves Generalization", Zhang, Xu, Cui, CVPR 2023).
//
// First-order flatness R(w) = rho max_{||d|| <= rho} ||grad L(w + d)|| bounds the largest
// Hessian eigenvalue at a minimum; GAM descends L + alpha R. The paper's approximation of
// grad R (one ascent step on the gradient norm, then the gradient norm's gradient there):
//   g0 = grad L(w),   n0 = grad ||grad L||(w) = H(w) g0 / ||g0||
//   w' = w + rho n0 / ||n0||
//   g1 = grad L(w'),  grad R ~ rho grad ||grad L||(w') = rho H(w') g1 / ||g1||
//   g  = g0 + alpha rho H(w') g1 / ||g1||
// then SGD with heavy-ball momentum (PyTorch convention, as for SAM). The paper and the
// authors' code form the Hessian-vector products by finite differences of gradients; here
// they are exact (the problem's Hessian-vector products), so GAM runs only where the problem
// has them. Cost: 2 gradients and 2 Hessian-vector products per step. A zero g0 or n0 gives
// w' = w; a zero g1 gives no flatness term. The GAM+SAM combination of the paper (SAM's
// gradient in place of g0) is not included. The defaults are for the playground's problems,
// not the paper's CIFAR/ImageNet settings. The reported loss and gradient norm are those at
// w; the pre stage acts on g0 and g1 (each with its own point), the post stage on the update.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class GradientNormAware final : public Optimizer {
 public:
  GradientNormAware(double rho, double alpha, double momentum)
      : rho_(rho), alpha_(alpha), momentum_(static_cast<Scalar>(momentum)) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    for (Vec* v : {&g0_, &g1_, &h0_, &h1_, &ascent_, &buf_}) *v = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, g0_, pre_, ctx, local);
    // H g0 / ||g0|| points where the gradient norm grows fastest; only its direction matters.
    objective.hvp(params, g0_, h0_);
    const double n0 = std::sqrt(static_cast<double>(h0_.squaredNorm()));
    ascent_ = params;
    if (n0 > 0) ascent_ += static_cast<Scalar>(rho_ / n0) * h0_;
    objective.value_and_grad(ascent_, g1_);
    pre_.update(g1_, ascent_, local);
    const double norm1 = std::sqrt(static_cast<double>(g1_.squaredNorm()));
    objective.hvp(ascent_, g1_, h1_);
    const auto weight = static_cast<Scalar>(norm1 > 0 ? alpha_ * rho_ / norm1 : 0.0);
    g0_ += weight * h1_;  // the descent direction g
    local.gradient = &g0_;
    if (ctx.step == 1 || momentum_ == 0) {
      buf_ = g0_;
    } else {
      buf_ = momentum_ * buf_ + g0_;
    }
    update = -static_cast<Scalar>(ctx.lr) * buf_;
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override { v.slot("buf", buf_); }

 private:
  double rho_, alpha_;
  Scalar momentum_;
  Vec g0_, g1_, h0_, h1_, ascent_, buf_;
};

}  // namespace

OptimizerInfo gam_info() {
  OptimizerInfo info = describe("gam", "GAM", family::kSharpness);
  info.description =
      "Penalises first-order flatness, the largest gradient norm within rho: steps up the "
      "gradient norm (along H g), adds alpha rho times the gradient norm's gradient found "
      "there to the gradient, SGD with momentum. Exact Hessian-vector products: 2 gradients "
      "and 2 HVPs per step.";
  info.citation = {
      "Gradient Norm Aware Minimization Seeks First-Order Flatness and Improves Generalization",
      "Zhang, Xu, Cui", 2023, "CVPR 2023"};
  info.params = {hp::lr(0.01),
                 log_real("rho", 0.05, 1e-4, 10.0,
                          "Radius of the ball in which the largest gradient norm is sought."),
                 log_real("alpha", 0.1, 1e-4, 10.0, "Weight of the first-order flatness."),
                 hp::momentum(0.9)};
  info.gradients_per_step = 2;
  info.hvps_per_step = 2;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<GradientNormAware>(p.get("rho"), p.get("alpha"), p.get("momentum")));
  };
  return info;
}

}  // namespace descent
