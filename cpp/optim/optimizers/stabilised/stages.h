#pragma once
// Ranger21's stages, each also a catalog transform of its own (stages.cpp): adaptive gradient
// clipping, gradient centralisation, gradient normalisation, stable weight decay, norm loss
// and Lookahead. See stabilised.h for what a "unit" is.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {

// Adaptive gradient clipping ("High-Performance Large-Scale Image Recognition Without
// Normalization", Brock, De, Smith, Simonyan, 2021, Section 4.1, Eq. 3): unit-wise,
//   G_i <- clip_factor * (max(|W_i|, eps) / |G_i|) * G_i   when |G_i| / max(|W_i|, eps) >
//   clip_factor.
// The 1e-6 floor on |G_i| only guards the division (as in the reference implementations).
class Agc final : public Transform {
 public:
  Agc(double clip_factor, double eps) : clip_(clip_factor), eps_(eps) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      stabilised::for_each_unit(t, [&](int, int first, int count, int stride) {
        auto gu = stabilised::unit(g, first, count, stride);
        const double w_norm =
            std::max(stabilised::norm(stabilised::unit(params, first, count, stride)), eps_);
        const double g_norm = stabilised::norm(gu);
        const double max_norm = clip_ * w_norm;
        if (g_norm > max_norm) gu *= static_cast<Scalar>(max_norm / std::max(g_norm, 1e-6));
      });
    });
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double clip_, eps_;
};

// Gradient centralisation ("Gradient Centralization: A New Optimization Technique for Deep
// Neural Networks", Yong, Huang, Hua, Zhang, 2020, Eq. 1): every weight matrix row (the
// fan-in of one output unit) gets its mean removed, g_i <- g_i - mean(g_i). Biases, gains and
// 2-D points are left alone, as are weights with a fan-in of one (centralising those would
// zero their gradient).
class GradientCentralization final : public Transform {
 public:
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      if (t.role != TensorRole::Weight || t.cols < 2) return;
      stabilised::for_each_unit(t, [&](int, int first, int count, int stride) {
        auto gu = stabilised::unit(g, first, count, stride);
        gu.array() -= gu.mean();
      });
    });
  }
  void visit_state(StateVisitor& /*v*/) override {}
};

// Gradient normalisation, added to Ranger21's code after the paper: each tensor with more
// than two entries is divided by its (unbiased) standard deviation plus 1e-8.
class GradientNormalization final : public Transform {
 public:
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      const int n = t.size();
      if (n <= 2) return;
      auto s = g.segment(t.offset, n);
      const double mean = static_cast<double>(s.sum()) / n;
      double ss = 0;
      for (int i = 0; i < n; ++i) ss += (s[i] - mean) * (s[i] - mean);
      const double sd = std::sqrt(ss / (n - 1));
      s /= static_cast<Scalar>(sd + 1e-8);
    });
  }
  void visit_state(StateVisitor& /*v*/) override {}
};

// Stable weight decay ("On the Overlooked Pitfalls of Weight Decay and How to Mitigate Them: A
// Gradient-Norm Perspective", Xie, Xu, Zhang, Sato, Sugiyama, 2023, the AdamS algorithm):
// decoupled decay divided by the root of the mean second moment,
//   u <- u - lr * weight_decay * p / sqrt(mean_i v_hat_i),
// with v the EMA (beta2) of the squared gradient and v_hat = v / (1 - beta2^t). As a
// standalone post-stage transform, v is kept here from ctx.gradient (the gradient after the
// pre stage), so that adam + stable_weight_decay with the same beta2 is exactly AdamS; around
// other optimizers it scales the decay with the inverse gradient RMS in the same way. No decay
// while mean v_hat is zero, or when the optimizer does not provide ctx.gradient.
class StableWeightDecay final : public Transform {
 public:
  StableWeightDecay(double weight_decay, double beta2) : wd_(weight_decay), beta2_(beta2) {}
  void init(const ParamLayout& layout) override { v_ = Vec::Zero(layout.size); }
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    if (ctx.gradient == nullptr) return;
    const Vec& g = *ctx.gradient;
    v_ = static_cast<Scalar>(beta2_) * v_ + static_cast<Scalar>(1 - beta2_) * g.cwiseProduct(g);
    const double mean_v = static_cast<double>(v_.sum()) /
                          static_cast<double>(std::max<Eigen::Index>(v_.size(), 1)) /
                          (1.0 - std::pow(beta2_, ctx.step));
    if (wd_ == 0 || !(mean_v > 0)) return;
    u -= static_cast<Scalar>(ctx.lr * wd_ / std::sqrt(mean_v)) * params;
  }

  void visit_state(StateVisitor& v) override { v.slot("v", v_); }

 private:
  double wd_, beta2_;
  Vec v_;
};

// Norm loss ("Norm Loss: An efficient yet effective regularization method for deep neural
// networks", Georgiou, Schmitt, Bäck, Chen, Lew, 2021): the penalty factor * sum_i (1 - |w_i|)^2
// over units pulls every unit's weight norm towards 1 (a soft oblique-manifold constraint).
// Applied decoupled, as in Ranger21: its gradient 2 factor (1 - 1 / (|w_i| + eps)) w_i is
// scaled by lr and subtracted from the update, outside the optimizer's preconditioner.
class NormLoss final : public Transform {
 public:
  explicit NormLoss(double factor, double eps = 1e-8) : factor_(factor), eps_(eps) {}
  void init(const ParamLayout&) override {}
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    if (factor_ == 0) return;
    stabilised::for_each_tensor(ctx, static_cast<int>(u.size()), [&](const TensorSlice& t) {
      stabilised::for_each_unit(t, [&](int, int first, int count, int stride) {
        const auto w = stabilised::unit(params, first, count, stride);
        const double correction = 2.0 * factor_ * (1.0 - 1.0 / (stabilised::norm(w) + eps_));
        stabilised::unit(u, first, count, stride) -= static_cast<Scalar>(ctx.lr * correction) * w;
      });
    });
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double factor_, eps_;
};

// Lookahead ("Lookahead Optimizer: k steps forward, 1 step back", Zhang, Lucas, Hinton, Ba,
// 2019, Algorithm 1) around whatever optimizer produced the update: slow weights phi start at
// the initial parameters; the optimizer moves the fast weights for k steps; then
// phi <- phi + alpha (theta - phi) and the fast weights are reset to phi. As a post stage the
// update is replaced, on every k-th step, by the one that lands the parameters on phi. The
// inner optimizer's state is kept across synchronisations (the paper's default).
class Lookahead final : public Transform {
 public:
  Lookahead(int k, double alpha) : k_(std::max(k, 1)), alpha_(static_cast<Scalar>(alpha)) {}
  void init(const ParamLayout& layout) override {
    slow_ = Vec::Zero(layout.size);
    have_slow_ = false;
  }
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    if (!have_slow_) {
      slow_ = params;
      have_slow_ = true;
    }
    if (ctx.step % k_ != 0) return;
    // fast = params + u; phi <- phi + alpha (fast - phi); the update moves params to phi.
    slow_ += alpha_ * (params + u - slow_);
    u = slow_ - params;
  }
  const Vec& slow_weights() const { return slow_; }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "slow", slow_, "have_slow", have_slow_);
  }

 private:
  int k_;
  Scalar alpha_;
  Vec slow_;
  bool have_slow_ = false;
};

}  // namespace descent
