#pragma once
// Lion's direction ("Symbolic Discovery of Optimization Algorithms", Chen, Liang, Huang, Real,
// Wang, Liu, Pham, Dong, Luong, Hsieh, Lu, Le, 2023, Program 1 / Algorithm 2):
//   c = b1 m + (1-b1) g;  u = sign(c);  m <- b2 m + (1-b2) g
// Shared by lion and cautious_lion.
#include "optim/optimizers/adaptive/adaptive.h"

namespace descent::adaptive {

// The Lion paper and hyperparameters, shared with cautious_lion (defined in lion.cpp).
extern const Citation kLionCitation;
std::vector<ParamSpec> lion_params();

class ScaleByLion final : public Transform {
 public:
  ScaleByLion(double beta1, double beta2) : beta1_(beta1), beta2_(beta2) {}
  void init(const ParamLayout& layout) override { m_ = Vec::Zero(layout.size); }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    const auto b1 = static_cast<Scalar>(beta1_);
    const auto b2 = static_cast<Scalar>(beta2_);
    const auto c1 = static_cast<Scalar>(1 - beta1_);
    const auto c2 = static_cast<Scalar>(1 - beta2_);
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      const Scalar c = b1 * m_[i] + c1 * g[i];
      m_[i] = b2 * m_[i] + c2 * g[i];
      g[i] = sign(c);
    }
  }

  void visit_state(StateVisitor& v) override { v.slot("m", m_); }

 private:
  double beta1_, beta2_;
  Vec m_;
};

}  // namespace descent::adaptive
