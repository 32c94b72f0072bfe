// Sophia-H (Liu et al., 2023): clipped diagonal-Newton steps from a Hutchinson estimate of
// the Hessian diagonal refreshed every k steps. The algorithm is described in sophia.h.
#include "optim/optimizers/curvature/sophia.h"

#include <algorithm>
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace curvature {

StepResult SophiaH::step(Objective& objective, ConstVecRef params, VecRef update,
                         const StepContext& ctx) {
  StepContext local;
  StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);

  if ((ctx.step - 1) % interval_ == 0) {
    Rng& rng = ctx.rng != nullptr ? *ctx.rng : fallback_rng_;
    for (Eigen::Index i = 0; i < probe_.size(); ++i) probe_[i] = static_cast<Scalar>(rng.normal());
    objective.hvp(params, probe_, hu_);
    const auto b2 = static_cast<Scalar>(beta2_);
    h_.array() = b2 * h_.array() + (Scalar(1) - b2) * probe_.array() * hu_.array();
  }
  const auto b1 = static_cast<Scalar>(beta1_);
  m_ = b1 * m_ + (Scalar(1) - b1) * gradient_;

  const auto lr = static_cast<Scalar>(ctx.lr);
  const auto wd = static_cast<Scalar>(weight_decay_);
  const auto rho = static_cast<Scalar>(rho_);
  const auto eps = static_cast<Scalar>(eps_);
  int clipped = 0;
  for (Eigen::Index i = 0; i < update.size(); ++i) {
    const Scalar z = m_[i] / std::max(rho * h_[i], eps);
    if (std::abs(z) > Scalar(1)) ++clipped;
    update[i] = -lr * (wd * params[i] + std::clamp(z, Scalar(-1), Scalar(1)));
  }
  clipped_fraction_ = update.size() > 0 ? static_cast<double>(clipped) / update.size() : 0.0;
  post_.update(update, params, local);
  return result;
}

}  // namespace curvature

OptimizerInfo sophia_info() {
  OptimizerInfo info = describe("sophia", "Sophia (Hutchinson)", family::kCurvature);
  info.description =
      "Momentum divided by rho times an EMA of Hutchinson estimates of the Hessian diagonal "
      "(u .* Hu, u normal, one exact Hessian-vector product every k steps), each coordinate "
      "clipped to [-1, 1]: no coordinate moves more than lr, and where the curvature is small "
      "or negative the step is sign momentum. The Sophia-H variant; beta1, beta2, rho, weight "
      "decay as the authors' SophiaG code, except lr (1e-4 there, for GPT-2) and eps (the "
      "paper's 1e-12 in the paper's denominator max(rho h, eps); the code adds 1e-15 to rho h "
      "instead, which a negative Hutchinson estimate would turn against the gradient). The "
      "curvature refresh is at t = 1, 1 + k, ... as in the paper's Algorithm 3. Cost: "
      "one gradient per step and one Hessian-vector product every k steps (counted as one per "
      "step).";
  info.citation = {
      "Sophia: A Scalable Stochastic Second-order Optimizer for Language Model Pre-training",
      "Liu, Li, Hall, Liang, Ma", 2023, "ICLR 2024"};
  info.params = {
      hp::lr(0.01),
      real("beta1", 0.965, 0.0, 0.9999, "Momentum of the gradient EMA."),
      real("beta2", 0.99, 0.0, 0.9999, "Decay of the Hessian-diagonal EMA (per refresh)."),
      log_real("rho", 0.04, 1e-4, 10.0,
               "Scale of the curvature in the denominator (the paper's gamma): "
               "larger rho, more Newton-like and fewer clipped coordinates."),
      log_real("eps", 1e-12, 1e-20, 1e-2, "Smallest denominator."),
      hp::weight_decay(0.1),
      integer("k", 10, 1, 1000, "Refresh the Hessian-diagonal estimate every k steps.")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<curvature::SophiaH>(p.get("beta1"), p.get("beta2"), p.get("rho"),
                                             p.get("eps"), p.get("weight_decay"), p.get_int("k")));
  };
  return info;
}

}  // namespace descent
