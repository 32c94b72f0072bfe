#pragma once
// Sophia with the Hutchinson estimator, Sophia-H ("Sophia: A Scalable Stochastic Second-order
// Optimizer for Language Model Pre-training", Liu, Li, Hall, Liang, Ma, 2023, Algorithms 1
// and 3):
//   every k steps (t = 1, 1 + k, ...):  u ~ N(0, I),  h_hat = u .* (H u)   (E[h_hat] = diag H)
//                                       h <- beta2 h + (1 - beta2) h_hat
//   m <- beta1 m + (1 - beta1) g
//   x <- x - lr weight_decay x - lr clip(m / max(rho h, eps), 1)     (clip to [-1, 1])
// Each coordinate moves at most lr (plus the decay): where the curvature estimate is small
// or negative the step is a clipped sign-momentum step, elsewhere a Newton-like m / (rho h).
// clipped_fraction() is the share of coordinates clipped in the last step (|m| > rho h or
// h <= eps / rho), the quantity the paper monitors (Section 3.2 "the proportion of clipped
// coordinates").
// The probes are standard normals from the run's optimizer stream, one per coordinate in
// parameter order, drawn only on the steps that refresh h.
#include "core/rng.h"
#include "core/state_slots.h"
#include "optim/optimizer.h"

namespace descent::curvature {

class SophiaH final : public Optimizer {
 public:
  SophiaH(double beta1, double beta2, double rho, double eps, double weight_decay, int interval)
      : beta1_(beta1),
        beta2_(beta2),
        rho_(rho),
        eps_(eps),
        weight_decay_(weight_decay),
        interval_(interval) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    probe_ = Vec::Zero(layout.size);
    hu_ = Vec::Zero(layout.size);
    m_ = Vec::Zero(layout.size);
    h_ = Vec::Zero(layout.size);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override;

  // Share of coordinates whose step was clipped to lr in the last step (0 before any step).
  double clipped_fraction() const { return clipped_fraction_; }
  const Vec& hessian_estimate() const { return h_; }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "h", h_, "clipped_fraction", clipped_fraction_, "fallback_rng",
                fallback_rng_);
  }

 private:
  double beta1_, beta2_, rho_, eps_, weight_decay_;
  int interval_;
  Vec gradient_, probe_, hu_, m_, h_;
  double clipped_fraction_ = 0.0;
  Rng fallback_rng_{0, Stream::Optimizer};
};

}  // namespace descent::curvature
