#pragma once
// Reference SGD-HD and Adam-HD, from "Online Learning Rate Adaptation with Hypergradient
// Descent" (Baydin et al., 2018), the SGD-HD and Adam-HD algorithm boxes:
//   alpha_t = alpha_{t-1} + beta g_t . d_{t-1}  (d_0 = 0),  x <- x - alpha_t d_t,
// d_t = g_t (SGD; with momentum b <- mu b + g, d = b or g + mu b for Nesterov) or Adam's
// m_hat / (sqrt(v_hat) + eps). Coupled weight decay is added to g first. The run's schedule
// multiplies alpha: the step is alpha_t * (lr_t / lr_0).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Hypergradient final : public zoo::ReferenceOptimizer {
 public:
  struct Options {
    bool adam = false;
    double lr = 0.001, hypergrad_lr = 0.001;
    double momentum = 0.0;
    bool nesterov = false;
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  };
  explicit Hypergradient(const Options& o) : o_(o), alpha_(o.lr) {}

  double alpha() const { return alpha_; }

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params gf;
    oracle.loss_and_grad(p, gf);
    const std::size_t n = p.size();
    if (prev_.empty()) prev_.assign(n, 0.0), m_.assign(n, 0.0), v_.assign(n, 0.0);
    std::vector<double> g(n), d(n);
    double h = 0;
    for (std::size_t i = 0; i < n; ++i) {
      g[i] = static_cast<float>(gf[i] + static_cast<float>(o_.weight_decay) * p[i]);
      h += g[i] * prev_[i];
    }
    alpha_ += o_.hypergrad_lr * h;
    for (std::size_t i = 0; i < n; ++i) {
      if (o_.adam) {
        m_[i] = o_.beta1 * m_[i] + (1 - o_.beta1) * g[i];
        v_[i] = o_.beta2 * v_[i] + (1 - o_.beta2) * g[i] * g[i];
        const double mh = m_[i] / (1 - std::pow(o_.beta1, t));
        const double vh = v_[i] / (1 - std::pow(o_.beta2, t));
        d[i] = mh / (std::sqrt(vh) + o_.eps);
      } else if (o_.momentum != 0) {
        m_[i] = o_.momentum * m_[i] + g[i];
        d[i] = o_.nesterov ? g[i] + o_.momentum * m_[i] : m_[i];
      } else {
        d[i] = g[i];
      }
      prev_[i] = d[i];
      p[i] = static_cast<float>(p[i] - alpha_ * (lr / o_.lr) * d[i]);
    }
  }

 private:
  Options o_;
  double alpha_;
  std::vector<double> prev_, m_, v_;
};

}  // namespace descent::reference
