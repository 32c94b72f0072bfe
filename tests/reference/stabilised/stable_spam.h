#pragma once
// Reference Stable-SPAM, from "Stable-SPAM: How to Train in 4-Bit More Stably than 16-Bit Adam"
// (Huang et al., 2025), Algorithm 1, per tensor (details as the authors' code, except that only
// Adam's counter restarts at a reset, see the core's comment):
//   AdaClip: m_max = theta m_max + (1-theta) max|g|; m_hat = m_max / (1-theta^t);
//            g_i <- g_i m_hat / max|g|  where |g_i| > m_hat;
//   AdaGN:   m_n = g1 m_n + (1-g1) |g|; v_n = g2 v_n + (1-g2) |g|^2;
//            g <- g / |g| * (m_n/(1-g1^t)) / (sqrt(v_n/(1-g2^t)) + eps);
//   reset:   t mod dT == 0: m, v <- 0, k <- 1 (else k <- k + 1);
//   Adam:    theta <- theta - lr (m/(1-b1^k)) / (sqrt(v/(1-b2^k)) + eps) - lr wd theta.
#include <algorithm>
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

struct StableSpamOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0;
  double gamma1 = 0.7, gamma2 = 0.9, theta = 0.999;
  int gap = 1000;
};

class StableSpam final : public zoo::ReferenceOptimizer {
 public:
  explicit StableSpam(const StableSpamOptions& o) : o_(o) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    Vector g = gradient(oracle, p);
    const auto ts = tensors_of(oracle, static_cast<int>(g.size()));
    if (m_.empty()) {
      m_.assign(g.size(), 0.0), v_.assign(g.size(), 0.0);
      m_max_.assign(ts.size(), 0.0), m_n_.assign(ts.size(), 0.0), v_n_.assign(ts.size(), 0.0);
    }
    for (std::size_t k = 0; k < ts.size(); ++k) {
      const Index idx = all_of(ts[k]);
      double g_max = 0;
      for (int i : idx) g_max = std::max(g_max, std::fabs(g[i]));
      m_max_[k] = o_.theta * m_max_[k] + (1 - o_.theta) * g_max;
      const double m_hat = m_max_[k] / (1 - std::pow(o_.theta, t));
      for (int i : idx) {
        if (std::fabs(g[i]) > m_hat) g[i] = g[i] / g_max * m_hat;
      }
      const double n = norm_over(g, idx);
      m_n_[k] = o_.gamma1 * m_n_[k] + (1 - o_.gamma1) * n;
      v_n_[k] = o_.gamma2 * v_n_[k] + (1 - o_.gamma2) * n * n;
      const double c = (m_n_[k] / (1 - std::pow(o_.gamma1, t))) /
                       (std::sqrt(v_n_[k] / (1 - std::pow(o_.gamma2, t))) + o_.eps);
      if (n > 0) {
        for (int i : idx) g[i] = g[i] / n * c;
      }
    }
    if (o_.gap > 0 && t % o_.gap == 0) {
      std::fill(m_.begin(), m_.end(), 0.0);
      std::fill(v_.begin(), v_.end(), 0.0);
      k_ = 1;
    } else {
      ++k_;
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
      m_[i] = o_.beta1 * m_[i] + (1 - o_.beta1) * g[i];
      v_[i] = o_.beta2 * v_[i] + (1 - o_.beta2) * g[i] * g[i];
      const double m_hat = m_[i] / (1 - std::pow(o_.beta1, k_));
      const double v_hat = v_[i] / (1 - std::pow(o_.beta2, k_));
      const double u = -lr * m_hat / (std::sqrt(v_hat) + o_.eps) - lr * o_.weight_decay * p[i];
      p[i] = static_cast<float>(p[i] + u);
    }
  }

 private:
  StableSpamOptions o_;
  Vector m_, v_, m_max_, m_n_, v_n_;
  int k_ = 0;
};

}  // namespace descent::reference::stab
