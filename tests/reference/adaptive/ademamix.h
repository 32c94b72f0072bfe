#pragma once
// Reference AdEMAMix, from "The AdEMAMix Optimizer: Better, Faster, Older" (Pagliardini,
// Ablin, Grangier, 2024), Algorithm 1, with the warm-up of Section 3 written as the paper
// motivates it: alpha grows linearly to its final value over T steps; beta3's half-life
// h(b) = ln(1/2) / ln(b) grows linearly from beta1's to beta3's, beta3(t) = 2^(-1 / h(t)).
// (The core uses the paper's closed form; the two are algebraically equal.)
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

inline double ademamix_alpha(int t, double alpha, int T) {
  return T > 0 && t < T ? alpha * static_cast<double>(t) / T : alpha;
}
inline double ademamix_beta3(int t, double b1, double b3, int T) {
  if (T <= 0 || t >= T || b1 <= 0) return b3;
  const double a = static_cast<double>(t) / T;
  const double h = (1 - a) * (std::log(0.5) / std::log(b1)) + a * (std::log(0.5) / std::log(b3));
  return std::pow(0.5, 1 / h);
}

class AdEMAMix final : public zoo::ReferenceOptimizer {
 public:
  AdEMAMix(double b1, double b2, double b3, double alpha, int T, double eps, double wd)
      : b1_(b1), b2_(b2), b3_(b3), alpha_(alpha), T_(T), eps_(eps), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m1_.empty()) m1_.assign(p.size(), 0.0), m2_ = m1_, v_ = m1_;
    const double alpha = ademamix_alpha(t, alpha_, T_);
    const double b3 = ademamix_beta3(t, b1_, b3_, T_);
    for (std::size_t i = 0; i < p.size(); ++i) {
      m1_[i] = b1_ * m1_[i] + (1 - b1_) * g[i];
      m2_[i] = b3 * m2_[i] + (1 - b3) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double m1_hat = m1_[i] / (1 - std::pow(b1_, t));
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      const double u = (m1_hat + alpha * m2_[i]) / (std::sqrt(v_hat) + eps_);
      p[i] = static_cast<float>(p[i] - lr * (u + wd_ * p[i]));
    }
  }

 private:
  double b1_, b2_, b3_, alpha_;
  int T_;
  double eps_, wd_;
  std::vector<double> m1_, m2_, v_;
};

}  // namespace descent::reference
