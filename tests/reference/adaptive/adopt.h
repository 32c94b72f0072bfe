#pragma once
// Reference ADOPT, from "ADOPT: Modified Adam Can Converge with Any beta2 with the Optimal
// Rate" (Taniguchi et al., 2024), Algorithm 1: v_0 = g_0^2 (no move on the first step);
// then m_t = b1 m_{t-1} + (1-b1) g_t / max(sqrt(v_{t-1}), eps) (the first m is the full
// normalised gradient, as the authors' code), theta -= lr m_t, v_t = b2 v_{t-1} + (1-b2) g_t^2.
// Weight decay: L2 on g, or decoupled theta -= lr wd theta (every step, the first included).
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class Adopt final : public zoo::ReferenceOptimizer {
 public:
  Adopt(double b1, double b2, double eps, double wd = 0.0, bool decoupled = false)
      : b1_(b1), b2_(b2), eps_(eps), wd_(wd), decoupled_(decoupled) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (v_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!decoupled_) g[i] += wd_ * p[i];
      double next = p[i];
      if (decoupled_) next -= lr * wd_ * p[i];
      if (t == 1) {
        v_[i] = g[i] * g[i];
      } else {
        const double normalised = g[i] / std::max(std::sqrt(v_[i]), eps_);
        m_[i] = t == 2 ? normalised : b1_ * m_[i] + (1 - b1_) * normalised;
        next -= lr * m_[i];
        v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      }
      p[i] = static_cast<float>(next);
    }
  }

 private:
  double b1_, b2_, eps_, wd_;
  bool decoupled_;
  std::vector<double> m_, v_;
};

}  // namespace descent::reference
