#pragma once
// Reference AdaBound / AMSBound, from "Adaptive Gradient Methods with Dynamic Bound of Learning
// Rate" (Luo et al., 2019), Algorithms 2 and 3 with the bound functions of Section 4
// (eta_l(t) = a* (1 - 1/(gamma t + 1)), eta_u(t) = a* (1 + 1/(gamma t))) and the authors'
// step size lr sqrt(1 - b2^t) / (1 - b1^t) / (sqrt(v) + eps), clipped, times m. The final
// rate a* follows the schedule: a*_t = final_lr lr_t / base_lr. Coupled L2 decay.
#include <algorithm>

#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class AdaBound final : public zoo::ReferenceOptimizer {
 public:
  AdaBound(double b1, double b2, double eps, double base_lr, double final_lr, double gamma,
           bool amsbound, double wd = 0.0)
      : b1_(b1),
        b2_(b2),
        eps_(eps),
        base_lr_(base_lr),
        final_lr_(final_lr),
        gamma_(gamma),
        ams_(amsbound),
        wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0), vmax_ = v_;
    const double a_star = final_lr_ * lr / base_lr_;
    const double lower = a_star * (1 - 1 / (gamma_ * t + 1));
    const double upper = a_star * (1 + 1 / (gamma_ * t));
    const double alpha = lr * std::sqrt(1 - std::pow(b2_, t)) / (1 - std::pow(b1_, t));
    for (std::size_t i = 0; i < p.size(); ++i) {
      g[i] += wd_ * p[i];
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      vmax_[i] = std::max(vmax_[i], v_[i]);
      const double v = ams_ ? vmax_[i] : v_[i];
      const double eta = std::min(std::max(alpha / (std::sqrt(v) + eps_), lower), upper);
      p[i] = static_cast<float>(p[i] - eta * m_[i]);
    }
  }

 private:
  double b1_, b2_, eps_, base_lr_, final_lr_, gamma_;
  bool ams_;
  double wd_;
  std::vector<double> m_, v_, vmax_;
};

}  // namespace descent::reference
