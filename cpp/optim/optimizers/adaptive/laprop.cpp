// LaProp: normalise the gradient first, then take the momentum; Adam's two averages
// decoupled.
//
// "LaProp: Separating Momentum and Adaptivity in Adam" (Ziyin, Wang, Ueda, 2020),
// Algorithm 1, as in the authors' code (Z-T-WANG/LaProp-Optimizer):
//   v <- b2 v + (1 - b2) g^2
//   m <- b1 m + (1 - b1) lr_t g / (sqrt(v / c2) + eps)       c2 = 1 - b2^t
//   x <- x - m / c1,   then x <- x - wd x                     c1 = (sum of (1-b1) b1^k lr_k) / lr_t
// The bias correction c1 averages the learning rates the momentum has seen (the code's
// exp_avg_lr_1), so it stays exact under a schedule; at a constant rate c1 = 1 - b1^t. The
// code's decay x <- x - wd x is not scaled by lr (followed here). Its centered and amsgrad
// options are not implemented.
// Because m averages normalised gradients, each update is at most lr / sqrt(1 - b2) per
// coordinate for any b1 and b2 (Adam's m / sqrt(v) is not bounded when b1 > sqrt(b2)).
// Cost: one gradient per step; state m, v.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"

namespace descent {
namespace {

class LaPropStep final : public Transform {
 public:
  LaPropStep(double beta1, double beta2, double eps, double weight_decay)
      : beta1_(beta1), beta2_(beta2), eps_(eps), weight_decay_(weight_decay) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    lr_average_ = 0.0;
    c2_ = 0.0;
  }
  void update(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    const double lr = ctx.lr;
    v_.array() = static_cast<Scalar>(beta2_) * v_.array() +
                 static_cast<Scalar>(1 - beta2_) * g.array().square();
    lr_average_ = lr_average_ * beta1_ + (1 - beta1_) * lr;
    c2_ = c2_ * beta2_ + (1 - beta2_);
    const double step_size = lr != 0.0 ? lr / lr_average_ : 1.0;  // 1 / c1
    m_.array() = static_cast<Scalar>(beta1_) * m_.array() +
                 static_cast<Scalar>((1 - beta1_) * lr) * g.array() /
                     ((v_.array() / static_cast<Scalar>(c2_)).sqrt() + static_cast<Scalar>(eps_));
    // x1 = x - m / c1; x2 = x1 - wd x1: the update is x2 - x.
    g = -static_cast<Scalar>(step_size) * m_;
    if (weight_decay_ != 0) g -= static_cast<Scalar>(weight_decay_) * (x + g);
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "lr_average", lr_average_, "c2", c2_);
  }

 private:
  double beta1_, beta2_, eps_, weight_decay_;
  Vec m_, v_;
  double lr_average_ = 0.0, c2_ = 0.0;
};

}  // namespace

OptimizerInfo laprop_info() {
  OptimizerInfo info = describe("laprop", "LaProp", family::kAdaptive);
  info.description =
      "Adam with the order of its two averages swapped: each gradient is divided by the "
      "root of the squared-gradient average first, and the momentum averages the normalised "
      "steps, so updates stay bounded for any beta1 and beta2.";
  info.citation = {"LaProp: Separating Momentum and Adaptivity in Adam", "Ziyin, Wang, Ueda", 2020,
                   "arXiv:2002.04839"};
  info.params = {hp::lr(4e-4), hp::beta1(0.9), hp::beta2(0.999),
                 log_real("eps", 1e-15, 1e-20, 1.0,
                          "Added to the root of the squared-gradient average (the authors' "
                          "default 1e-15)."),
                 real("weight_decay", 0.0, 0.0, 0.1,
                      "Decay x <- x - weight_decay x after each step (not scaled by lr, as the "
                      "authors' code).")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<LaPropStep>(p.get("beta1"), p.get("beta2"), p.get("eps"),
                                                      p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
