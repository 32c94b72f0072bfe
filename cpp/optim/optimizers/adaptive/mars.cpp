// MARS: AdamW on a variance-reduced gradient, the STORM-style correction scaled by gamma.
//
// "MARS: Unleashing the Power of Variance Reduction for Training Large Models" (Yuan, Liu,
// Wu, Zhou, Gu, 2024), Algorithm 2 (MARS-AdamW, the approximate version that reuses the
// previous step's gradient), as in the authors' code (AGI-Arena/MARS, mars_type "mars-adamw",
// is_approx), per tensor:
//   c = g_t + gamma b1 / (1 - b1) (g_t - g_{t-1})    (g_0 = 0, as the code's first step)
//   c <- c / ||c||   if ||c|| > 1                      (the tensor's norm)
//   m <- b1 m + (1 - b1) c         v <- b2 v + (1 - b2) c^2
//   x <- x - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) - lr wd x
// The correction removes the momentum's lag: with gamma = 1 and exact gradients, m_t = g_t
// (m - g is only ever shrunk by b1). The code's default (optimize_1d = false) hands 1-D
// tensors (biases, LayerNorm gains) to plain AdamW with betas (0.9, 0.95) and decay 0.1;
// here every tensor gets the MARS rule (the code's optimize_1d = true), so that MARS is
// MARS on 2-D functions too.
// Cost: one gradient per step; state m, v and the previous gradient.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"

namespace descent {
namespace {

struct MarsOptions {
  double beta1 = 0.95, beta2 = 0.99, eps = 1e-8, weight_decay = 0.0, gamma = 0.025;
};

class MarsStep final : public Transform {
 public:
  explicit MarsStep(const MarsOptions& o) : o_(o) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    previous_ = Vec::Zero(layout.size);
    c_ = Vec::Zero(layout.size);
    t_ = 0;
  }
  void update(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    ++t_;
    const auto b1 = static_cast<Scalar>(o_.beta1);
    const auto b2 = static_cast<Scalar>(o_.beta2);
    const auto correction = static_cast<Scalar>(o_.gamma * o_.beta1 / (1 - o_.beta1));
    c_ = g + correction * (g - previous_);
    adaptive::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      auto c = c_.segment(t.offset, t.size());
      const double norm = std::sqrt(c.cast<double>().squaredNorm());
      if (norm > 1.0) c /= static_cast<Scalar>(norm);
    });
    previous_ = g;
    m_ = b1 * m_ + (Scalar(1) - b1) * c_;
    v_.array() = b2 * v_.array() + (Scalar(1) - b2) * c_.array().square();
    const auto bc1 = static_cast<Scalar>(1 - std::pow(o_.beta1, t_));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1 - std::pow(o_.beta2, t_)));
    const auto lr = static_cast<Scalar>(ctx.lr);
    g.array() =
        -lr * (m_.array() / ((v_.array().sqrt() / bc2_sqrt + static_cast<Scalar>(o_.eps)) * bc1) +
               static_cast<Scalar>(o_.weight_decay) * x.array());
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "previous", previous_, "c", c_, "t", t_);
  }

 private:
  MarsOptions o_;
  Vec m_, v_, previous_, c_;
  int t_ = 0;
};

}  // namespace

OptimizerInfo mars_info() {
  OptimizerInfo info = describe("mars", "MARS", family::kAdaptive);
  info.description =
      "AdamW on a variance-reduced gradient: g_t + gamma beta1/(1 - beta1) (g_t - g_(t-1)), "
      "clipped to unit norm per tensor, which cancels the momentum's lag behind a changing "
      "gradient. Every tensor gets this rule (the authors' optimize_1d; their default hands "
      "1-D tensors such as biases to plain AdamW).";
  info.citation = {"MARS: Unleashing the Power of Variance Reduction for Training Large Models",
                   "Yuan, Liu, Wu, Zhou, Gu", 2024, "ICML 2025"};
  info.params = {hp::lr(3e-3),
                 hp::beta1(0.95),
                 hp::beta2(0.99),
                 hp::eps(1e-8),
                 hp::weight_decay(0.0),
                 real("gamma", 0.025, 0.0, 1.0,
                      "Scale of the variance-reduction correction (0: AdamW on clipped "
                      "gradients; 1: the full STORM correction).")};
  info.make = [](const ParamValues& p) {
    MarsOptions o;
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    o.gamma = p.get("gamma");
    return chain_optimizer(make_transform<MarsStep>(o));
  };
  return info;
}

}  // namespace descent
