// INNAprop ("A second-order-like optimizer with adaptive gradient scaling for deep learning",
// Bolte, Boustany, Pauwels, Purica, 2024): INNA, a discretisation of the dynamical inertial
// Newton system  theta'' + alpha theta' + beta Hess f(theta) theta' + grad f(theta) = 0
// written without the Hessian through an auxiliary variable psi, with the gradient scaled
// RMSprop-style. The update rule of the authors' code (innaprop/innaprop,
// classification/optimizers/innaprop.py), which this follows, with lr = gamma < beta:
//   psi_0 = (1 - alpha beta) theta_0
//   theta <- (1 - lr weight_decay) theta                    (decoupled decay, first)
//   v <- sigma v + (1 - sigma) g^2,   D = sqrt(v / (1 - sigma^t)) + eps
//   psi <- (1 - lr/beta) psi + lr (1/beta - alpha) theta
//   theta <- (1 + lr (1 - alpha beta) / (beta - lr)) theta - lr / (beta - lr) psi
//            - lr beta g / D
// alpha damps like friction, beta like Hessian-driven damping; two vectors of state (psi,
// v), as AdamW. One gradient per step.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class Innaprop final : public Optimizer {
 public:
  Innaprop(double alpha, double beta, double sigma, double eps, double weight_decay)
      : alpha_(alpha), beta_(beta), sigma_(sigma), eps_(eps), weight_decay_(weight_decay) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    psi_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    started_ = false;
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
    if (!started_) {
      psi_ = static_cast<Scalar>(1 - alpha_ * beta_) * params;
      started_ = true;
    }
    const double lr = ctx.lr;
    const double inv_sqrt_bc = 1.0 / std::sqrt(1.0 - std::pow(sigma_, ctx.step));
    const double keep = 1.0 - lr / beta_, pull = lr * (1.0 / beta_ - alpha_);
    const double grow = 1.0 + lr * (1.0 - alpha_ * beta_) / (beta_ - lr);
    const double couple = lr / (beta_ - lr);
    const double decay = 1.0 - lr * weight_decay_;
    for (Eigen::Index i = 0; i < update.size(); ++i) {
      const double g = gradient_[i];
      v_[i] = static_cast<Scalar>(sigma_ * v_[i] + (1.0 - sigma_) * g * g);
      const double denom = std::sqrt(static_cast<double>(v_[i])) * inv_sqrt_bc + eps_;
      const double theta = decay * params[i];
      const double psi = keep * psi_[i] + pull * theta;
      psi_[i] = static_cast<Scalar>(psi);
      const double next = grow * theta - couple * psi - lr * beta_ * g / denom;
      update[i] = static_cast<Scalar>(next - params[i]);
    }
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "psi", psi_, "v", v_, "started", started_);
  }

 private:
  double alpha_, beta_, sigma_, eps_, weight_decay_;
  Vec gradient_, psi_, v_;
  bool started_ = false;
};

}  // namespace

OptimizerInfo innaprop_info() {
  OptimizerInfo info = describe("innaprop", "INNAprop", family::kCurvature);
  info.description =
      "Inertial Newton dynamics without the Hessian (INNA: friction alpha and Hessian-driven "
      "damping beta through an auxiliary variable psi) with the gradient divided by an "
      "RMSprop second moment (sigma). Update rule and defaults as the authors' code "
      "innaprop.py (lr 1e-3, alpha 0.1, beta 0.9, sigma 0.999, eps 1e-8, decoupled weight "
      "decay 0.01). Cost: one gradient per step.";
  info.citation = {"A second-order-like optimizer with adaptive gradient scaling for deep learning",
                   "Bolte, Boustany, Pauwels, Purica", 2024, "arXiv:2410.05871"};
  info.params = {
      log_real("lr", 1e-3, 1e-6, 0.5,
               "Learning rate gamma (its range stays below beta's: the update divides by "
               "beta - lr)."),
      real("alpha", 0.1, 0.0, 10.0, "Friction (viscous damping) of the inertial dynamics."),
      real("beta", 0.9, 0.55, 10.0, "Hessian-driven damping (above every allowed lr)."),
      real("sigma", 0.999, 0.0, 0.9999, "Decay of the RMSprop second moment."),
      hp::eps(1e-8),
      hp::weight_decay(0.01),
  };
  info.gradients_per_step = 1;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<Innaprop>(
        p.get("alpha"), p.get("beta"), p.get("sigma"), p.get("eps"), p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
