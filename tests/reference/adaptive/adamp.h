#pragma once
// Reference AdamP and SGDP, from "AdamP: Slowing Down the Slowdown for Momentum Optimizers on
// Scale-invariant Weights" (Heo et al., 2021), Algorithms 1 (SGDP) and 2 (AdamP): for each
// weight matrix, if the gradient is nearly orthogonal to the weights in the channel view
// (each output row) or else the layer view (the whole matrix), i.e. max |cos| < delta /
// sqrt(view dimension), remove the radial component of the step in that view and multiply
// the weight decay by wd_ratio. The matrix is copied into per-view row vectors here.
#include <algorithm>

#include "tests/reference/adaptive/common.h"

namespace descent::reference {

namespace adamp_detail {

using Rows = std::vector<std::vector<double>>;

// The views of a rows x cols column-major block: one vector per row, or one vector of all.
inline Rows view(const std::vector<double>& x, const Block& b, bool channel) {
  Rows out(channel ? b.rows : 1);
  for (int r = 0; r < b.rows; ++r) {
    for (int c = 0; c < b.cols; ++c) {
      out[channel ? r : 0].push_back(x[b.offset + r + c * b.rows]);
    }
  }
  return out;
}
inline void unview(const Rows& v, const Block& b, bool channel, std::vector<double>& x) {
  for (int r = 0; r < b.rows; ++r) {
    for (int c = 0; c < b.cols; ++c) {
      x[b.offset + r + c * b.rows] = channel ? v[r][c] : v[0][r + c * b.rows];
    }
  }
}
inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Projects step in place for block b; returns the weight-decay factor (1 or wd_ratio).
inline double project(const std::vector<double>& g, const std::vector<double>& w,
                      std::vector<double>& step, const Block& b, double delta, double wd_ratio,
                      double eps) {
  if (!b.matrix) return 1.0;
  for (bool channel : {true, false}) {
    Rows gv = view(g, b, channel), wv = view(w, b, channel), sv = view(step, b, channel);
    double max_cos = 0;
    for (std::size_t r = 0; r < gv.size(); ++r) {
      const double denom = std::max(std::sqrt(dot(gv[r], gv[r]) * dot(wv[r], wv[r])), eps);
      max_cos = std::max(max_cos, std::abs(dot(gv[r], wv[r])) / denom);
    }
    if (max_cos < delta / std::sqrt(static_cast<double>(gv[0].size()))) {
      for (std::size_t r = 0; r < gv.size(); ++r) {
        const double norm = std::sqrt(dot(wv[r], wv[r])) + eps;
        std::vector<double> unit = wv[r];
        for (double& u : unit) u /= norm;
        const double radial = dot(unit, sv[r]);
        for (std::size_t c = 0; c < unit.size(); ++c) sv[r][c] -= radial * unit[c];
      }
      unview(sv, b, channel, step);
      return wd_ratio;
    }
  }
  return 1.0;
}

}  // namespace adamp_detail

class AdamP final : public zoo::ReferenceOptimizer {
 public:
  AdamP(double b1, double b2, double eps, double wd, double delta, double wd_ratio,
        bool nesterov = false)
      : b1_(b1),
        b2_(b2),
        eps_(eps),
        wd_(wd),
        delta_(delta),
        wd_ratio_(wd_ratio),
        nesterov_(nesterov) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    std::vector<double> w(p.begin(), p.end());
    if (m_.empty()) m_.assign(p.size(), 0.0), v_ = m_;
    std::vector<double> step(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double denom = std::sqrt(v_[i] / (1 - std::pow(b2_, t))) + eps_;
      step[i] = (nesterov_ ? b1_ * m_[i] + (1 - b1_) * g[i] : m_[i]) / denom;
    }
    for (const Block& b : blocks_of(oracle, p.size())) {
      const double ratio = adamp_detail::project(g, w, step, b, delta_, wd_ratio_, eps_);
      for (int i = b.offset; i < b.offset + b.rows * b.cols; ++i) {
        p[i] = static_cast<float>(w[i] * (1 - lr * wd_ * ratio) -
                                  lr / (1 - std::pow(b1_, t)) * step[i]);
      }
    }
  }

 private:
  double b1_, b2_, eps_, wd_, delta_, wd_ratio_;
  bool nesterov_;
  std::vector<double> m_, v_;
};

class SgdP final : public zoo::ReferenceOptimizer {
 public:
  SgdP(double momentum, double dampening, bool nesterov, double wd, double delta, double wd_ratio,
       double eps)
      : mu_(momentum),
        damp_(dampening),
        nesterov_(nesterov),
        wd_(wd),
        delta_(delta),
        wd_ratio_(wd_ratio),
        eps_(eps) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    std::vector<double> w(p.begin(), p.end());
    if (buf_.empty()) buf_.assign(p.size(), 0.0);
    std::vector<double> step(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      buf_[i] = mu_ * buf_[i] + (1 - damp_) * g[i];
      step[i] = nesterov_ ? g[i] + mu_ * buf_[i] : buf_[i];
    }
    for (const Block& b : blocks_of(oracle, p.size())) {
      const double ratio = adamp_detail::project(g, w, step, b, delta_, wd_ratio_, eps_);
      for (int i = b.offset; i < b.offset + b.rows * b.cols; ++i) {
        p[i] = static_cast<float>(w[i] * (1 - lr * wd_ * ratio / (1 - mu_)) - lr * step[i]);
      }
    }
  }

 private:
  double mu_, damp_;
  bool nesterov_;
  double wd_, delta_, wd_ratio_, eps_;
  std::vector<double> buf_;
};

}  // namespace descent::reference
