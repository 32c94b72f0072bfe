#pragma once
// SPAM and Stable-SPAM: Adam variants that survive gradient spikes (spam.cpp has the catalog
// entries). Both keep their moments in float32 and, with state_format "bf16" or "fp8_e4m3",
// store them rounded to that format after every step (the update of the step itself uses the
// unrounded moments, as in the Stable-SPAM authors' FP8 code), to emulate low-precision
// optimizer state.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/stabilised/low_precision.h"
#include "optim/transforms/moments.h"

namespace descent {

// SPAM ("SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training", Huang, Zhu, Jin,
// Liu, Wang, Liu, 2025, Algorithm 1, checked against the authors' code):
//   - momentum reset: every update_proj_gap steps, m and v are zeroed;
//   - spike-aware clipping: where g_i^2 > threshold * v_i (v of the previous step), the entry is
//     replaced by sign(g_i) sqrt(threshold * v_i); it is off for the first grad_accu_steps
//     steps of training and of every reset period (v is still near zero there);
//   - after every reset, a cosine warm-up of the step over warmup_epoch steps:
//     scale(s) = 1 - 0.99 (1 + cos(pi s / (warmup_epoch + 1))) / 2 for s < warmup_epoch,
//     1 afterwards (s = steps since the reset; no warm-up before the first reset);
//   - Adam with the bias corrections of the global step t (the authors' code does not restart
//     them at a reset) and eps added to sqrt(v):
//     u = scale * (sqrt(1 - b2^t) / (1 - b1^t)) * m / (sqrt(v) + eps).
// NOTE: one public port writes the clipping as `grad[mask].sign_().mul_(...)`, which acts on a
// copy in PyTorch and leaves the gradient unclipped; here the entries are really replaced.
class Spam final : public Transform {
 public:
  struct Settings {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-6;
    double threshold = 5000;
    int update_proj_gap = 500;  // steps between momentum resets (0: never)
    int warmup_epoch = 150;     // cosine warm-up length after a reset
    int grad_accu_steps = 20;   // clipping delay after the start and after a reset
    lowp::Format state_format = lowp::Format::Fp32;
  };
  explicit Spam(const Settings& s) : s_(s) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    last_reset_ = 0;
  }

  // The cosine warm-up factor of step t.
  double warmup_scale(int t) const {
    if (last_reset_ == 0 || s_.warmup_epoch <= 0) return 1.0;
    const int s = t - last_reset_;
    if (s >= s_.warmup_epoch) return 1.0;
    const double pi = 3.14159265358979323846;
    return 1.0 - 0.99 * (1.0 + std::cos(pi * s / (s_.warmup_epoch + 1))) / 2.0;
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const int t = ctx.step;
    const int gap = s_.update_proj_gap;
    if (gap > 0 && t % gap == 0) {
      m_.setZero();
      v_.setZero();
      last_reset_ = t;
    }
    const bool clip =
        s_.threshold > 0 && t >= s_.grad_accu_steps && (gap <= 0 || t % gap >= s_.grad_accu_steps);
    if (clip) {
      const auto threshold = static_cast<Scalar>(s_.threshold);
      for (Eigen::Index i = 0; i < g.size(); ++i) {
        const Scalar limit = threshold * v_[i];
        if (g[i] * g[i] > limit) g[i] = std::copysign(std::sqrt(limit), g[i]);
      }
    }
    update_moments(g, s_.beta1, s_.beta2, m_, v_);
    const auto step = static_cast<Scalar>(warmup_scale(t) * std::sqrt(1 - std::pow(s_.beta2, t)) /
                                          (1 - std::pow(s_.beta1, t)));
    g.array() = step * m_.array() / (v_.array().sqrt() + static_cast<Scalar>(s_.eps));
    lowp::round_tensors(m_, s_.state_format, false, nullptr, ctx);
    lowp::round_tensors(v_, s_.state_format, false, nullptr, ctx);
  }

  const Vec& exp_avg() const { return m_; }
  const Vec& exp_avg_sq() const { return v_; }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "last_reset", last_reset_);
  }

 private:
  Settings s_;
  Vec m_, v_;
  int last_reset_ = 0;
};

// Stable-SPAM ("Stable-SPAM: How to Train in 4-Bit More Stably than 16-Bit Adam", Huang et al.,
// 2025, Algorithm 1, checked against the authors' code), per
// tensor (a 2-D function's point is one tensor):
//   - AdaClip: m_max <- theta m_max + (1-theta) max|g|, m_hat = m_max / (1 - theta^t); entries
//     with |g_i| > m_hat become g_i m_hat / max|g|;
//   - AdaGN: m_n <- gamma1 m_n + (1-gamma1) |g|, v_n <- gamma2 v_n + (1-gamma2) |g|^2 (after
//     clipping), bias-corrected; g <- (g / |g|) m_n_hat / (sqrt(v_n_hat) + eps) (skipped
//     when |g| = 0);
//   - momentum reset: every update_proj_gap steps m and v are zeroed and Adam's bias-correction
//     counter restarts at 1 (this step);
//   - Adam: u = (m / (1-b1^k)) / (sqrt(v) / sqrt(1-b2^k) + eps), k = steps since the reset.
// AdaClip and AdaGN bias-correct with the global step t. (The authors' code also restarts
// their counter at a reset, which inflates the clipping threshold for hundreds of steps after
// each reset; we read the paper's algorithm as resetting only Adam's moments.) The optional
// cosine decay of beta1 and gamma1 over a total step count (total_T in the code, off by
// default) is not implemented.
class StableSpam final : public Transform {
 public:
  struct Settings {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    double gamma1 = 0.7, gamma2 = 0.9, theta = 0.999;
    int update_proj_gap = 1000;
    lowp::Format state_format = lowp::Format::Fp32;
  };
  explicit StableSpam(const Settings& s) : s_(s) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    const int n = stabilised::tensor_count(layout);
    m_max_.assign(n, 0.0);
    m_norm_.assign(n, 0.0);
    v_norm_.assign(n, 0.0);
    adam_step_ = 0;
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const int t = ctx.step;
    const double theta_bc = 1 - std::pow(s_.theta, t);
    const double g1_bc = 1 - std::pow(s_.gamma1, t);
    const double g2_bc = 1 - std::pow(s_.gamma2, t);
    int index = 0;
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& ts) {
      auto x = g.segment(ts.offset, ts.size());
      const double g_max = static_cast<double>(x.cwiseAbs().maxCoeff());
      m_max_[index] = s_.theta * m_max_[index] + (1 - s_.theta) * g_max;
      const double m_hat = m_max_[index] / theta_bc;
      const auto limit = static_cast<Scalar>(m_hat);
      const auto factor = static_cast<Scalar>(m_hat / g_max);
      for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::fabs(x[i]) > limit) x[i] *= factor;
      }
      const double n = std::sqrt(static_cast<double>(x.squaredNorm()));
      m_norm_[index] = s_.gamma1 * m_norm_[index] + (1 - s_.gamma1) * n;
      v_norm_[index] = s_.gamma2 * v_norm_[index] + (1 - s_.gamma2) * n * n;
      const double c = (m_norm_[index] / g1_bc) / (std::sqrt(v_norm_[index] / g2_bc) + s_.eps);
      if (n > 0) x *= static_cast<Scalar>(c / n);
      ++index;
    });
    if (s_.update_proj_gap > 0 && t % s_.update_proj_gap == 0) {
      m_.setZero();
      v_.setZero();
      adam_step_ = 1;
    } else {
      ++adam_step_;
    }
    update_moments(g, s_.beta1, s_.beta2, m_, v_);
    const auto bc1 = static_cast<Scalar>(1 - std::pow(s_.beta1, adam_step_));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1 - std::pow(s_.beta2, adam_step_)));
    g.array() = (m_.array() / bc1) / (v_.array().sqrt() / bc2_sqrt + static_cast<Scalar>(s_.eps));
    lowp::round_tensors(m_, s_.state_format, false, nullptr, ctx);
    lowp::round_tensors(v_, s_.state_format, false, nullptr, ctx);
  }

  const Vec& exp_avg() const { return m_; }
  const Vec& exp_avg_sq() const { return v_; }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "m_max", m_max_, "m_norm", m_norm_, "v_norm", v_norm_,
                "adam_step", adam_step_);
  }

 private:
  Settings s_;
  Vec m_, v_;
  std::vector<double> m_max_, m_norm_, v_norm_;
  int adam_step_ = 0;
};

}  // namespace descent
