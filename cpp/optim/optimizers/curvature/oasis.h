#pragma once
// OASIS ("Doubly Adaptive Scaled Algorithm for Machine Learning Using Second-Order
// Information", Jahani, Rusakov, Shi, Richtarik, Mahoney, Takac, 2021, Algorithm 1): a
// diagonal preconditioner from Hutchinson estimates of the Hessian diagonal, truncated below
// at alpha, and a step size from a local Lipschitz estimate in the preconditioner's norm:
//   D_0 = mean over initial_samples probes of z .* (H(w_0) z)   (z Rademacher)
//   step 1:  w_1 = w_0 - eta_0 Dhat_0^{-1} g_0,  eta_0 = lr
//   step k >= 2 (at w_k):
//     D_k = beta2 D_{k-1} + (1 - beta2) z .* (H(w_k) z),   Dhat_k = max(|D_k|, alpha)
//     eta_k = min( sqrt(1 + theta_{k-1}) eta_{k-1},
//                  ||w_k - w_{k-1}||_Dhat / (2 ||g_k - g_{k-1}||*_Dhat) )
//     w_{k+1} = w_k - eta_k Dhat_k^{-1} g_k,   theta_k = eta_k / eta_{k-1}   (theta_0 = +inf)
// with ||x||_D = sqrt(x^T D x) and the dual ||x||*_D = sqrt(x^T D^{-1} x) (when both
// differences vanish the previous step size is kept). With
// adaptive_lr off, eta_k = lr (the scheduled rate) at every step, the paper's fixed-rate
// variant. Probes: the top bit of one optimizer-stream output per coordinate (bit 1 -> +1).
#include <limits>

#include "core/rng.h"
#include "core/state_slots.h"
#include "optim/optimizer.h"

namespace descent::curvature {

class Oasis final : public Optimizer {
 public:
  Oasis(double beta2, double alpha, int initial_samples, bool adaptive_lr)
      : beta2_(beta2), alpha_(alpha), samples_(initial_samples), adaptive_(adaptive_lr) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    previous_gradient_ = Vec::Zero(layout.size);
    previous_params_ = Vec::Zero(layout.size);
    probe_ = Vec::Zero(layout.size);
    hz_ = Vec::Zero(layout.size);
    d_ = Vec::Zero(layout.size);
    started_ = false;
    eta_ = 0.0;
    theta_ = std::numeric_limits<double>::infinity();
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override;

  // The step size eta_k of the last step.
  double step_size() const { return eta_; }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "previous_gradient", previous_gradient_, "previous_params", previous_params_,
                "d", d_, "started", started_, "eta", eta_, "theta", theta_, "fallback_rng",
                fallback_rng_);
  }

 private:
  // hz_ <- z .* (H z) for a fresh Rademacher z.
  void hutchinson(Objective& objective, ConstVecRef params, Rng& rng);

  double beta2_, alpha_;
  int samples_;
  bool adaptive_;
  Vec gradient_, previous_gradient_, previous_params_, probe_, hz_, d_;
  bool started_ = false;
  double eta_ = 0.0, theta_ = 0.0;
  Rng fallback_rng_{0, Stream::Optimizer};
};

}  // namespace descent::curvature
