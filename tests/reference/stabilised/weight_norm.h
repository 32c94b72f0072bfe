#pragma once
// Reference weight normalisation and LAWN, plain loops in double.
// Weight normalisation: "Weight Normalization: A Simple Reparameterization to Accelerate
// Training of Deep Neural Networks" (Salimans, Kingma, 2016), eqs. 2-3: each unit (a row of a
// weight matrix, or a whole 2-D point) is w = g v / ||v||, initialised v = w, g = ||w||;
//   grad_g = grad_w . v / ||v||,   grad_v = (g / ||v||) (grad_w - (grad_w . w / ||w||^2) w)
// and SGD with heavy-ball momentum (PyTorch convention) updates g and v, kept here as vectors
// in double; biases and gains take plain SGD with momentum.
// LAWN: "Logit Attenuating Weight Normalization" (Gupta et al., 2021): Adam (Kingma, Ba, 2015,
// bias-corrected, eps outside the root) for free_steps updates; afterwards every weight tensor
// (and a 2-D point) is rescaled after each step to the norm it had at the switch.
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline double dot(const Vector& a, const Vector& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

class WeightNorm final : public zoo::ReferenceOptimizer {
 public:
  explicit WeightNorm(double momentum) : mu_(momentum) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params grad;
    oracle.loss_and_grad(p, grad);
    if (t == 1) setup(p, oracle);
    for (auto& u : units_) {
      const std::size_t n = u.index.size();
      Vector gw(n), w(n);
      const double vn = std::sqrt(dot(u.v, u.v));
      for (std::size_t k = 0; k < n; ++k) {
        gw[k] = grad[u.index[k]];
        w[k] = u.g * u.v[k] / vn;
      }
      if (!u.normalised) {
        for (std::size_t k = 0; k < n; ++k) {
          u.buf_v[k] = t == 1 ? gw[k] : mu_ * u.buf_v[k] + gw[k];
          p[u.index[k]] = static_cast<float>(p[u.index[k]] - lr * u.buf_v[k]);
        }
        continue;
      }
      const double grad_g = dot(gw, u.v) / vn;
      const double radial = dot(gw, w) / dot(w, w);
      const double g_old = u.g;
      u.buf_g = t == 1 ? grad_g : mu_ * u.buf_g + grad_g;
      u.g -= lr * u.buf_g;
      for (std::size_t k = 0; k < n; ++k) {
        const double grad_v = g_old / vn * (gw[k] - radial * w[k]);
        u.buf_v[k] = t == 1 ? grad_v : mu_ * u.buf_v[k] + grad_v;
        u.v[k] -= lr * u.buf_v[k];
      }
      const double vn_new = std::sqrt(dot(u.v, u.v));
      for (std::size_t k = 0; k < n; ++k) p[u.index[k]] = static_cast<float>(u.g * u.v[k] / vn_new);
    }
  }

 private:
  struct Unit {
    Index index;
    bool normalised = false;
    double g = 0, buf_g = 0;
    Vector v, buf_v;
  };
  void setup(const zoo::Params& p, const zoo::Oracle& oracle) {
    units_.clear();
    for (const Tensor& t : tensors_of(oracle, static_cast<int>(p.size()))) {
      std::vector<Index> parts = t.bias_or_gain ? std::vector<Index>{all_of(t)} : units_of(t);
      for (const Index& idx : parts) {
        Unit u;
        u.index = idx;
        for (int i : idx) u.v.push_back(p[i]);
        u.buf_v.assign(idx.size(), 0.0);
        u.g = std::sqrt(dot(u.v, u.v));
        u.normalised = !t.bias_or_gain && u.g > 0;
        units_.push_back(u);
      }
    }
  }
  double mu_;
  std::vector<Unit> units_;
};

class Lawn final : public zoo::ReferenceOptimizer {
 public:
  Lawn(double b1, double b2, double eps, int free_steps)
      : b1_(b1), b2_(b2), eps_(eps), free_(free_steps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0);
    Vector next(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double m_hat = m_[i] / (1 - std::pow(b1_, t));
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      next[i] = p[i] - lr * m_hat / (std::sqrt(v_hat) + eps_);
    }
    if (t > free_) {
      const auto tensors = tensors_of(oracle, static_cast<int>(p.size()));
      const bool record = norms_.empty();
      std::size_t k = 0;
      for (const Tensor& ts : tensors) {
        if (ts.bias_or_gain) continue;
        double before = 0, after = 0;
        for (int i : all_of(ts)) {
          before += static_cast<double>(p[i]) * p[i];
          after += next[i] * next[i];
        }
        if (record) norms_.push_back(std::sqrt(before));
        const double scale = std::sqrt(after) > 0 ? norms_[k] / std::sqrt(after) : 1.0;
        ++k;
        for (int i : all_of(ts)) next[i] *= scale;
      }
    }
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(next[i]);
  }

 private:
  double b1_, b2_, eps_;
  int free_;
  Vector m_, v_, norms_;
};

}  // namespace descent::reference::stab
