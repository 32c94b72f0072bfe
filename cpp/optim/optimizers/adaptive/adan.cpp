// Adan: Adam with Nesterov momentum estimated from gradient differences, no extra gradient.
//
// "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models" (Xie, Zhou,
// Li, Lin, Yan, 2022), Algorithm 1, as in the authors' code (sail-sg/Adan):
//   d = g_t - g_{t-1}   (0 on the first step)
//   m <- b1 m + (1 - b1) g        v <- b2 v + (1 - b2) d
//   n <- b3 n + (1 - b3) (g + b2 d)^2
//   u = (m / (1 - b1^t) + b2 v / (1 - b2^t)) / (sqrt(n / (1 - b3^t)) + eps)
//   x <- (x - lr u) / (1 + lr wd)      (the proximal decay; no_prox: x <- x (1 - lr wd) - lr u)
// The code's betas (0.98, 0.92, 0.99) weight the old average; the paper writes the same
// rule with (1 - beta): its 0.02, 0.08, 0.01. The code's global gradient clipping
// (max_grad_norm, off by default) is left to the run's transforms.
// m + b2 v is an average of g + b2 (g_t - g_{t-1}): on a quadratic, the gradient at the
// Nesterov look-ahead point x + b2 (x_t - x_{t-1}).
// Cost: one gradient per step; state m, v, n and the previous gradient.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"

namespace descent {
namespace {

struct AdanOptions {
  double beta1 = 0.98, beta2 = 0.92, beta3 = 0.99, eps = 1e-8, weight_decay = 0.0;
  bool no_prox = false;
};

// The whole step, decay included (the proximal form needs the parameters).
class AdanStep final : public Transform {
 public:
  explicit AdanStep(const AdanOptions& o) : o_(o) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    n_ = Vec::Zero(layout.size);
    previous_ = Vec::Zero(layout.size);
    t_ = 0;
  }
  void update(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    ++t_;
    if (t_ == 1) previous_ = g;
    const auto b1 = static_cast<Scalar>(o_.beta1);
    const auto b2 = static_cast<Scalar>(o_.beta2);
    const auto b3 = static_cast<Scalar>(o_.beta3);
    m_ = b1 * m_ + (Scalar(1) - b1) * g;
    v_ = b2 * v_ + (Scalar(1) - b2) * (g - previous_);
    n_.array() = b3 * n_.array() +
                 (Scalar(1) - b3) * (g.array() + b2 * (g.array() - previous_.array())).square();
    previous_ = g;
    const auto bc1 = static_cast<Scalar>(1 - std::pow(o_.beta1, t_));
    const auto bc2 = static_cast<Scalar>(1 - std::pow(o_.beta2, t_));
    const auto bc3_sqrt = static_cast<Scalar>(std::sqrt(1 - std::pow(o_.beta3, t_)));
    const auto lr = static_cast<Scalar>(ctx.lr);
    const auto wd = static_cast<Scalar>(ctx.lr * o_.weight_decay);
    // g <- lr u
    g.array() = lr * (m_.array() / bc1 + b2 * v_.array() / bc2) /
                (n_.array().sqrt() / bc3_sqrt + static_cast<Scalar>(o_.eps));
    if (o_.no_prox) {
      g = -g - wd * x;
    } else {
      g = (x - g) / (Scalar(1) + wd) - x;
    }
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "n", n_, "previous", previous_, "t", t_);
  }

 private:
  AdanOptions o_;
  Vec m_, v_, n_, previous_;
  int t_ = 0;
};

}  // namespace

OptimizerInfo adan_info() {
  OptimizerInfo info = describe("adan", "Adan", family::kAdaptive);
  info.description =
      "Adam with Nesterov momentum built from gradient differences: the step follows an "
      "average of g + beta2 (g_t - g_(t-1)), the gradient extrapolated to the look-ahead "
      "point, without evaluating it there.";
  info.citation = {"Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models",
                   "Xie, Zhou, Li, Lin, Yan", 2022, "TPAMI 2024"};
  info.params = {
      hp::lr(1e-3),
      real("beta1", 0.98, 0.0, 0.9999,
           "Decay of the gradient average m (the paper's 1 - beta1 = 0.02)."),
      real("beta2", 0.92, 0.0, 0.9999,
           "Decay of the gradient-difference average v, and the look-ahead weight (the "
           "paper's 1 - beta2 = 0.08)."),
      real("beta3", 0.99, 0.0, 0.999999,
           "Decay of the squared look-ahead gradient average n (the paper's 1 - beta3 = 0.01)."),
      hp::eps(1e-8),
      hp::weight_decay(0.0),
      boolean("no_prox", false,
              "Decay as x (1 - lr wd) before the step; off: the proximal x / (1 + lr wd) after."),
  };
  info.make = [](const ParamValues& p) {
    AdanOptions o;
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.beta3 = p.get("beta3");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    o.no_prox = p.get_bool("no_prox");
    return chain_optimizer(make_transform<AdanStep>(o));
  };
  return info;
}

}  // namespace descent
