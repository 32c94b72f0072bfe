#pragma once
// Reference Subset-Norm, from "Subset-Norm and Subspace-Momentum: Faster Memory-Efficient
// Adaptive Optimization with Convergence Guarantees" (Nguyen, Nguyen, 2025), the Subset-Norm
// stepsize (Section 3: one adaptive scalar per subset Psi_i, from |g_{Psi_i}|^2) as used in the
// authors' AdamW-SN: subsets are the rows of an m x n weight matrix when m >= n, else its
// columns; other tensors are reduced per coordinate.
//   v_i = b2 v_i + (1-b2) |g_{Psi_i}|^2  ("ema")   or   v_i = v_i + |g_{Psi_i}|^2  ("sum")
//   m = b1 m + (1-b1) g (m = g when b1 = 0)
//   x <- x - lr c_t m / (sqrt(v_i) + eps) - lr wd x,
//   c_t = sqrt(1-b2^t)/(1-b1^t) ("ema"), 1/(1-b1^t) ("sum"), without 1/(1-b1^t) when b1 = 0.
#include <cmath>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

class SubsetNorm final : public zoo::ReferenceOptimizer {
 public:
  SubsetNorm(double b1, double b2, double eps, double wd, bool sum)
      : b1_(b1), b2_(b2), eps_(eps), wd_(wd), sum_(sum) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const Vector g = gradient(oracle, p);
    if (subsets_.empty()) {
      for (const auto& ts : tensors_of(oracle, static_cast<int>(g.size()))) {
        if (ts.weight && ts.rows > 1 && ts.cols > 1) {
          if (ts.rows >= ts.cols) {
            for (const auto& row : units_of(ts)) subsets_.push_back(row);
          } else {
            for (int j = 0; j < ts.cols; ++j) {
              Index col;
              for (int i = 0; i < ts.rows; ++i) col.push_back(ts.offset + i + j * ts.rows);
              subsets_.push_back(col);
            }
          }
        } else {
          for (int i = 0; i < ts.size(); ++i) subsets_.push_back({ts.offset + i});
        }
      }
      v_.assign(subsets_.size(), 0.0);
      m_.assign(g.size(), 0.0);
    }
    for (std::size_t i = 0; i < g.size(); ++i)
      m_[i] = b1_ > 0 ? b1_ * m_[i] + (1 - b1_) * g[i] : g[i];
    double c = b1_ > 0 ? 1 / (1 - std::pow(b1_, t)) : 1.0;
    if (!sum_) c *= std::sqrt(1 - std::pow(b2_, t));
    const zoo::Params before = p;
    for (std::size_t k = 0; k < subsets_.size(); ++k) {
      const double s = norm_over(g, subsets_[k]) * norm_over(g, subsets_[k]);
      v_[k] = sum_ ? v_[k] + s : b2_ * v_[k] + (1 - b2_) * s;
      for (int i : subsets_[k]) {
        p[i] = static_cast<float>(before[i] - lr * c * m_[i] / (std::sqrt(v_[k]) + eps_) -
                                  lr * wd_ * before[i]);
      }
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  bool sum_;
  std::vector<Index> subsets_;
  Vector v_, m_;
};

}  // namespace descent::reference::stab
