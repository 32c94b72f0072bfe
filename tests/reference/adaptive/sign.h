#pragma once
// Reference signSGD, Signum and normalised GD. signSGD and Signum from "signSGD: Compressed
// Optimisation for Non-Convex Problems" (Bernstein et al., 2018), Algorithm 1
// (x -= lr sign(g)) and Algorithm 2 (m = beta m + (1 - beta) g, x -= lr sign(m)); normalised
// GD from "Beyond Convexity: Stochastic Quasi-Convex Optimization" (Hazan, Levy,
// Shalev-Shwartz, 2015), Algorithm 1 (x -= lr g / ||g||), with the momentum form of
// "Momentum Improves Normalized SGD" (Cutkosky, Mehta, 2020), Algorithm 1.
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

class Signum final : public zoo::ReferenceOptimizer {
 public:
  explicit Signum(double beta, double wd = 0.0) : beta_(beta), wd_(wd) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      g[i] += wd_ * p[i];
      m_[i] = beta_ * m_[i] + (1 - beta_) * g[i];
      p[i] = static_cast<float>(p[i] - lr * sgn(m_[i]));
    }
  }

 private:
  double beta_, wd_;
  std::vector<double> m_;
};

class NormalizedGd final : public zoo::ReferenceOptimizer {
 public:
  explicit NormalizedGd(double beta) : beta_(beta) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0);
    double norm2 = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      m_[i] = beta_ * m_[i] + (1 - beta_) * g[i];
      norm2 += m_[i] * m_[i];
    }
    const double norm = std::sqrt(norm2);
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (norm > 0) p[i] = static_cast<float>(p[i] - lr * m_[i] / norm);
    }
  }

 private:
  double beta_;
  std::vector<double> m_;
};

}  // namespace descent::reference
