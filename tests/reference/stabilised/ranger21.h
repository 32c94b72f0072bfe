#pragma once
// Reference Ranger21, from "Ranger21: a synergistic deep learning optimizer" (Wright, Demeure,
// 2021), Section 2 and its Algorithm, composed from the component papers' equations:
//   1. AGC (Brock et al., 2021, Eq. 3) on the raw gradient, unit-wise (agc.h);
//   2. gradient centralisation (Yong et al., 2020, Eq. 1) (gradient_centralization.h);
//      optionally, gradient normalisation g / (std(g) + 1e-8) per tensor of more than two
//      entries (the later code's addition);
//   3. AdaPNM core (Xie et al., 2021, Algorithm 2, with AMSGrad):
//        v_t = b2 v + (1-b2) g^2; v_max = max(v_max, v_t); m_t = b1^2 m_{t-2} + (1-b1^2) g
//        step = lr_t / (1-b1^t) * ((1+b0) m_t - b0 m_{t-1}) / sqrt((1+b0)^2+b0^2)
//               / (sqrt(v_max/(1-b2^t)) + eps)   [optionally softplus_beta of the denominator]
//   4. stable weight decay (Xie et al., 2023): - lr_t wd theta / sqrt(mean(v_t/(1-b2^t)));
//   5. norm loss (Georgiou et al., 2021), decoupled (norm_loss.h);
//   6./7. linear warm-up over min(ceil(2/(1-b2)), ...) steps and linear warm-down over the last
//      28% of T to min_lr, when T = num_iterations > 0;
//   8. Lookahead (Zhang et al., 2019) (lookahead.h).
#include <algorithm>
#include <cmath>

#include "tests/reference/stabilised/agc.h"
#include "tests/reference/stabilised/gradient_centralization.h"
#include "tests/reference/stabilised/lookahead.h"
#include "tests/reference/stabilised/norm_loss.h"

namespace descent::reference::stab {

struct Ranger21Options {
  double beta0 = 1.0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 1e-4, agc_clip = 1e-2, agc_eps = 1e-3, norm_loss = 1e-4;
  bool centralize = true, normalize = false, softplus = false;
  double beta_softplus = 50;
  int k = 5;
  double alpha = 0.5;
  int num_iterations = 0;
  double min_lr = 3e-5;
};

class Ranger21 final : public zoo::ReferenceOptimizer {
 public:
  explicit Ranger21(const Ranger21Options& o)
      : o_(o), agc_(agc(o.agc_clip, o.agc_eps)), lookahead_(lookahead(o.k, o.alpha)) {}

  // lr_t of the paper's schedule: linear warm-up, flat, linear warm-down to min_lr.
  double scheduled(double lr, int t) const {
    const int T = o_.num_iterations;
    if (T <= 0) return lr;
    int warmup = static_cast<int>(std::ceil(2 / (1 - o_.beta2)));
    if (static_cast<double>(warmup) / T > 0.45) warmup = static_cast<int>(0.22 * T);
    const int start = static_cast<int>(0.72 * T);
    if (t >= start) {
      const double pct = std::min(std::max(t + 1 - start, 1) / double(T - start + 1), 1.0);
      return std::max(lr - (lr - o_.min_lr) * pct, o_.min_lr);
    }
    if (t <= warmup) return lr * std::min(1.0, double(t) / warmup);
    return lr;
  }

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr_in) override {
    const double lr = scheduled(lr_in, t);
    Vector g = gradient(oracle, p);
    const std::size_t n = g.size();
    StageContext ctx{&oracle, &p, nullptr, t, lr};
    agc_(g, ctx);
    if (o_.centralize) gradient_centralization()(g, ctx);
    if (o_.normalize) {
      for (const auto& tensor : tensors_of(oracle, static_cast<int>(n))) {
        const Index idx = all_of(tensor);
        if (idx.size() <= 2) continue;
        double mean = 0, ss = 0;
        for (int i : idx) mean += g[i];
        mean /= static_cast<double>(idx.size());
        for (int i : idx) ss += (g[i] - mean) * (g[i] - mean);
        const double sd = std::sqrt(ss / static_cast<double>(idx.size() - 1));
        for (int i : idx) g[i] /= sd + 1e-8;
      }
    }
    if (v_.empty()) {
      v_.assign(n, 0.0), v_max_.assign(n, 0.0), odd_.assign(n, 0.0), even_.assign(n, 0.0);
    }
    const double bc1 = 1 - std::pow(o_.beta1, t), bc2 = 1 - std::pow(o_.beta2, t);
    double v_bar = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v_[i] = o_.beta2 * v_[i] + (1 - o_.beta2) * g[i] * g[i];
      v_max_[i] = std::max(v_max_[i], v_[i]);
      v_bar += v_[i] / bc2;
    }
    v_bar /= static_cast<double>(n);
    Vector& pos = t % 2 == 1 ? odd_ : even_;
    const Vector& neg = t % 2 == 1 ? even_ : odd_;
    const double b1sq = o_.beta1 * o_.beta1, b0 = o_.beta0;
    const double noise = std::sqrt((1 + b0) * (1 + b0) + b0 * b0);
    Vector u(n);
    for (std::size_t i = 0; i < n; ++i) {
      pos[i] = b1sq * pos[i] + (1 - b1sq) * g[i];
      double denom = std::sqrt(v_max_[i] / bc2) + o_.eps;
      if (o_.softplus && o_.beta_softplus * denom <= 20) {
        denom = std::log(1 + std::exp(o_.beta_softplus * denom)) / o_.beta_softplus;
      }
      u[i] = -lr / bc1 * ((1 + b0) * pos[i] - b0 * neg[i]) / noise / denom;
      if (o_.weight_decay > 0 && v_bar > 0) u[i] -= lr * o_.weight_decay * p[i] / std::sqrt(v_bar);
    }
    norm_loss_step(u, p, oracle, o_.norm_loss, lr);
    lookahead_(u, ctx);
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(p[i] + u[i]);
  }

 private:
  Ranger21Options o_;
  Stage agc_, lookahead_;
  Vector v_, v_max_, odd_, even_;
};

}  // namespace descent::reference::stab
