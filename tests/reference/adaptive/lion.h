#pragma once
// Reference Lion and C-Lion. Lion from "Symbolic Discovery of Optimization Algorithms" (Chen
// et al., 2023), Algorithm 2: c = b1 m + (1-b1) g; theta -= lr (sign(c) + wd theta);
// m = b2 m + (1-b2) g. The cautious variant ("Cautious Optimizers", Liang et al., 2024,
// Algorithm 3, C-Lion) keeps sign(c) only where sign(c) g > 0 and rescales the kept entries
// of each tensor by (tensor size) / (kept count).
#include "tests/reference/adaptive/common.h"

namespace descent::reference {

// The cautious mask on a direction u (descent convention), per block.
inline void cautious_mask(std::vector<double>& u, const std::vector<double>& g,
                          const std::vector<Block>& blocks) {
  for (const Block& b : blocks) {
    const int n = b.rows * b.cols;
    int kept = 0;
    for (int i = b.offset; i < b.offset + n; ++i) kept += u[i] * g[i] > 0;
    for (int i = b.offset; i < b.offset + n; ++i) {
      u[i] = u[i] * g[i] > 0 ? u[i] * n / kept : 0.0;
    }
  }
}

class Lion final : public zoo::ReferenceOptimizer {
 public:
  Lion(double b1, double b2, double wd, bool cautious = false)
      : b1_(b1), b2_(b2), wd_(wd), cautious_(cautious) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    std::vector<double> g = gradient(oracle, p);
    if (m_.empty()) m_.assign(p.size(), 0.0);
    std::vector<double> u(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      u[i] = sgn(b1_ * m_[i] + (1 - b1_) * g[i]);
      m_[i] = b2_ * m_[i] + (1 - b2_) * g[i];
    }
    if (cautious_) cautious_mask(u, g, blocks_of(oracle, p.size()));
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] = static_cast<float>(p[i] - lr * (u[i] + wd_ * p[i]));
    }
  }

 private:
  double b1_, b2_, wd_;
  bool cautious_;
  std::vector<double> m_;
};

}  // namespace descent::reference
