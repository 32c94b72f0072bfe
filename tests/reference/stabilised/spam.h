#pragma once
// Reference SPAM, from "SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training"
// (Huang, Zhu, Jin, Liu, Wang, Liu, 2025), Algorithm 1, with the details of the authors' code:
//   if t mod dT == 0: m, v <- 0 (momentum reset), and a cosine warm-up restarts:
//     eta_t = lr (1 - 0.99 (1 + cos(pi s / (N + 1))) / 2) for s = t - t_reset < N, else lr;
//   spike-aware clipping (when t >= delay and t mod dT >= delay):
//     g_i <- sign(g_i) sqrt(theta v_i)   where g_i^2 > theta v_i (v of the previous step);
//   m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//   theta_t = theta_{t-1} - eta_t sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps) - lr wd theta_{t-1}.
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

struct SpamOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-6, weight_decay = 0;
  double threshold = 5000;
  int gap = 500, warmup = 150, delay = 20;
};

class Spam final : public zoo::ReferenceOptimizer {
 public:
  explicit Spam(const SpamOptions& o) : o_(o) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    Vector g = gradient(oracle, p);
    if (m_.empty()) m_.assign(g.size(), 0.0), v_.assign(g.size(), 0.0);
    if (o_.gap > 0 && t % o_.gap == 0) {
      std::fill(m_.begin(), m_.end(), 0.0);
      std::fill(v_.begin(), v_.end(), 0.0);
      reset_ = t;
    }
    double scale = 1;
    if (reset_ > 0 && t - reset_ < o_.warmup) {
      scale =
          1 - 0.99 * (1 + std::cos(3.14159265358979323846 * (t - reset_) / (o_.warmup + 1))) / 2;
    }
    const bool clip = t >= o_.delay && (o_.gap <= 0 || t % o_.gap >= o_.delay);
    const double c = scale * std::sqrt(1 - std::pow(o_.beta2, t)) / (1 - std::pow(o_.beta1, t));
    for (std::size_t i = 0; i < g.size(); ++i) {
      if (clip && g[i] * g[i] > o_.threshold * v_[i]) {
        g[i] = (g[i] > 0 ? 1 : -1) * std::sqrt(o_.threshold * v_[i]);
      }
      m_[i] = o_.beta1 * m_[i] + (1 - o_.beta1) * g[i];
      v_[i] = o_.beta2 * v_[i] + (1 - o_.beta2) * g[i] * g[i];
      const double u = -lr * c * m_[i] / (std::sqrt(v_[i]) + o_.eps) - lr * o_.weight_decay * p[i];
      p[i] = static_cast<float>(p[i] + u);
    }
  }

 private:
  SpamOptions o_;
  Vector m_, v_;
  int reset_ = 0;
};

}  // namespace descent::reference::stab
