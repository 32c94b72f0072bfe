// OASIS (Jahani et al., 2021): Hutchinson-diagonal scaling with a step size adapted from a
// local Lipschitz estimate. The algorithm is described in oasis.h.
#include "optim/optimizers/curvature/oasis.h"

#include <algorithm>
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace curvature {

void Oasis::hutchinson(Objective& objective, ConstVecRef params, Rng& rng) {
  for (Eigen::Index i = 0; i < probe_.size(); ++i)
    probe_[i] = (rng.next_u32() >> 31) != 0 ? Scalar(1) : Scalar(-1);
  objective.hvp(params, probe_, hz_);
  hz_.array() *= probe_.array();
}

StepResult Oasis::step(Objective& objective, ConstVecRef params, VecRef update,
                       const StepContext& ctx) {
  StepContext local;
  StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
  Rng& rng = ctx.rng != nullptr ? *ctx.rng : fallback_rng_;

  double eta = ctx.lr;
  if (!started_) {
    d_.setZero();
    for (int s = 0; s < samples_; ++s) {
      hutchinson(objective, params, rng);
      d_ += hz_;
    }
    d_ /= static_cast<Scalar>(samples_);
  } else {
    hutchinson(objective, params, rng);
    const auto b2 = static_cast<Scalar>(beta2_);
    d_ = b2 * d_ + (Scalar(1) - b2) * hz_;
  }
  const auto alpha = static_cast<Scalar>(alpha_);
  const auto dhat = [&](Eigen::Index i) { return std::max(std::abs(d_[i]), alpha); };
  if (started_ && adaptive_) {
    double dw = 0.0, dg = 0.0;  // ||w_k - w_{k-1}||_D^2 and (||g_k - g_{k-1}||*_D)^2
    for (Eigen::Index i = 0; i < d_.size(); ++i) {
      const double w = static_cast<double>(params[i]) - previous_params_[i];
      const double g = static_cast<double>(gradient_[i]) - previous_gradient_[i];
      const double di = dhat(i);
      dw += di * w * w;
      dg += g * g / di;
    }
    const double growth = std::sqrt(1.0 + theta_) * eta_;
    const double lipschitz =
        dg > 0 ? std::sqrt(dw) / (2.0 * std::sqrt(dg)) : std::numeric_limits<double>::infinity();
    eta = std::min(growth, lipschitz);
    // No move and no gradient change (a stationary start): keep the previous step size.
    if (!std::isfinite(eta)) eta = eta_;
    theta_ = eta / eta_;
  }
  eta_ = eta;
  started_ = true;
  previous_params_ = params;
  previous_gradient_ = gradient_;
  const auto step = static_cast<Scalar>(eta);
  for (Eigen::Index i = 0; i < update.size(); ++i) update[i] = -step * gradient_[i] / dhat(i);
  post_.update(update, params, local);
  return result;
}

}  // namespace curvature

OptimizerInfo oasis_info() {
  OptimizerInfo info = describe("oasis", "OASIS", family::kCurvature);
  info.description =
      "Scales the gradient by the inverse of an EMA of Hutchinson estimates of the Hessian "
      "diagonal (z .* Hz, z = +-1; absolute values truncated below at alpha), with a step size "
      "from a local Lipschitz estimate in that diagonal's norm, "
      "eta = min(sqrt(1 + theta) eta_prev, ||dw||_D / (2 ||dg||*_D)), allowed to grow only "
      "gradually. lr is the first step's size (later steps adapt and ignore the schedule) or, "
      "with adaptive_lr off, the step size of every step. beta2 and alpha from the paper's "
      "experiments. Cost: one gradient and one Hessian-vector product per step, plus "
      "initial_samples products at the first step for D_0.";
  info.citation = {
      "Doubly Adaptive Scaled Algorithm for Machine Learning Using Second-Order Information",
      "Jahani, Rusakov, Shi, Richtarik, Mahoney, Takac", 2021, "ICLR 2022"};
  info.params = {
      hp::lr(0.01),
      real("beta2", 0.99, 0.0, 0.9999, "Decay of the Hessian-diagonal EMA."),
      log_real("alpha", 1e-5, 1e-12, 10.0,
               "Truncation: each diagonal entry is at least alpha in absolute value."),
      integer("initial_samples", 10, 1, 100,
              "Hutchinson probes averaged for D_0 at the first step."),
      boolean("adaptive_lr", true,
              "Adapt the step size from the local Lipschitz estimate (off: lr every step)."),
  };
  info.gradients_per_step = 1;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<curvature::Oasis>(
        p.get("beta2"), p.get("alpha"), p.get_int("initial_samples"), p.get_bool("adaptive_lr")));
  };
  return info;
}

}  // namespace descent
